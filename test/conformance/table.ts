// The conformance table as a suite any transport list can run: each sequence runs through each
// transport over a fresh mock with the same seed, and every step must give the same status,
// body and the headers that matter (the first transport is the reference). conformance.test.ts
// runs it in Node; test/browser/conformance.test.ts runs it through the service worker.
import { beforeAll, describe, expect, it } from 'vitest';
import { createRealClock, createVoicemock, type JournalEntry, type Voicemock, type VoicemockOptions } from '../../src/index.ts';
import { contractFor } from '../support/contracts.ts';
import { FAULT_PROFILES, pick, type Saved, type Sequence, type Step } from './cases.ts';
import type { Outcome, Running, Sent, Transport } from './transports.ts';

/** The mock every transport gets for a sequence. */
// Fault latency runs on the mock's clock: a real one lets the latency step answer by itself.
export const mockOptions = (sequence: Sequence): VoicemockOptions => ({
  seed: 7,
  scenarios: sequence.faults ? FAULT_PROFILES : [],
  clock: sequence.faults ? createRealClock() : undefined,
});

/**
 * The journal entry of the request sent: the one with its method and path among those written
 * while it was answered (a background engine may journal its own webhooks at the same moment).
 */
function ownEntry(written: JournalEntry[], sent: Sent): JournalEntry {
  const path = sent.path.split('?')[0];
  const own = written.filter((e) => e.method === sent.method && e.path === path);
  expect(own, `one journal entry for ${sent.method} ${sent.path}`).toHaveLength(1);
  return own[0]!;
}

/** Every answer voicemock gave is one its contract documents for the operation that gave it. */
function expectContract(entry: JournalEntry, outcome: Outcome & { kind: 'response' }): void {
  if (!entry.operation_id) return;
  const validator = contractFor(entry.path);
  const body = outcome.body === '' ? undefined : JSON.parse(outcome.body);
  const violations = validator.validateResponse(entry.operation_id, { status: outcome.status, headers: new Headers(outcome.headers), body });
  expect(violations, `${entry.operation_id} → ${outcome.status} ${outcome.body.slice(0, 300)}`).toEqual([]);
}

/** Runs a sequence through one transport; the outcome of every step, in order. */
export async function run(transport: Transport, sequence: Sequence): Promise<Outcome[]> {
  const options = mockOptions(sequence);
  const mock: Voicemock = await createVoicemock(options);
  const running: Running = await transport.start(mock, sequence.handlers?.(mock) ?? mock.handlers, options);
  const saved: Saved = {};
  const outcomes: Outcome[] = [];
  const written: JournalEntry[] = [];
  const unsubscribe = mock.on('journal', (entry) => written.push(entry));
  // A transport with a mock of its own (the page's) answers alike or fails the comparison.
  const checkContract = !sequence.handlers && !transport.answersElsewhere;
  try {
    for (const step of sequence.steps) {
      written.length = 0;
      const sent = step.request(mock, saved);
      const outcome = await running.send(sent);
      outcomes.push(outcome);
      for (const [name, path] of Object.entries(step.save ?? {})) saved[name] = pick(outcome, path);
      if (outcome.kind === 'response' && checkContract) expectContract(ownEntry(written, sent), outcome);
    }
  } finally {
    unsubscribe();
    await running.stop();
  }
  return outcomes;
}

/** What a step must give through a transport that reads each answer whole. */
const expectedOf = (t: Transport, step: Step) => (step.expect === 'body-error' && t.bodyErrorIsNetworkError ? 'network-error' : step.expect);
const seenBy = (t: Transport, o: Outcome): Outcome => (o.kind === 'body-error' && t.bodyErrorIsNetworkError ? { kind: 'network-error' } : o);

const shown = (o: Outcome) => (o.kind === 'response' ? `${o.status} ${o.body.slice(0, 300)}` : o.kind);

/** The table's tests: every step as expected through each transport, and as the first transport answers it. */
export function conformanceTable(sequences: Sequence[], allTransports: Transport[]): void {
  for (const sequence of sequences) {
    describe(sequence.name, () => {
      const results = new Map<string, Outcome[]>();
      const transports = allTransports.filter((t) => t.takesHandlers || !sequence.handlers);
      beforeAll(async () => {
        // One after another: setupServer patches the global fetch, so two must not overlap.
        for (const t of transports) results.set(t.name, await run(t, sequence));
      }, 60_000);

      for (const t of transports) {
        it(`${t.name}: every step answers as expected`, () => {
          const outcomes = results.get(t.name)!;
          sequence.steps.forEach((step, i) => {
            const o = outcomes[i]!;
            const got = o.kind === 'response' ? o.status : o.kind;
            expect(got, `${step.name}: ${shown(o)}`).toBe(expectedOf(t, step));
          });
        });
      }

      for (const t of transports.slice(1)) {
        it(`${t.name} answers exactly as ${transports[0]!.name}`, () => {
          const reference = results.get(transports[0]!.name)!;
          const outcomes = results.get(t.name)!;
          sequence.steps.forEach((step, i) => {
            const [a, b] = [seenBy(t, reference[i]!), outcomes[i]!];
            const known = t.knownDifferences?.[step.name] !== undefined;
            if ((step.statusOnly || known) && a.kind === 'response' && b.kind === 'response') expect(b.status, step.name).toBe(a.status);
            else expect(b, step.name).toEqual(a);
          });
        });
      }
    });
  }
}
