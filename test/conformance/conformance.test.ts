// One table, every transport: each sequence runs through each transport over a fresh mock with
// the same seed, and every step must give the same status, body and the headers that matter
// (mock.fetch is the reference). Hono's router common cases, done for voicemock's transports.
import { beforeAll, describe, expect, it } from 'vitest';
import { createRealClock, createVoicemock, type Voicemock } from '../../src/index.ts';
import { documentedExamples, FAULT_PROFILES, FAULTS, pick, STATEFUL, USER_HANDLERS, type Saved, type Sequence } from './cases.ts';
import { TRANSPORTS, type Outcome, type Running } from './transports.ts';

/** Every answer voicemock gave is one its contract documents for the operation that gave it. */
function expectContract(mock: Voicemock, outcome: Outcome & { kind: 'response' }): void {
  const entry = mock.ctx.journal.list({ limit: 1 })[0];
  if (!entry?.operation_id) return;
  const validator = entry.path.startsWith('/__voicemock/') ? mock.ctx.control : mock.ctx.contract;
  const body = outcome.body === '' ? undefined : JSON.parse(outcome.body);
  const violations = validator.validateResponse(entry.operation_id, { status: outcome.status, headers: new Headers(outcome.headers), body });
  expect(violations, `${entry.operation_id} → ${outcome.status} ${outcome.body.slice(0, 300)}`).toEqual([]);
}

const SEQUENCES: Sequence[] = [STATEFUL, documentedExamples(), FAULTS, USER_HANDLERS];

/** Runs a sequence through one transport; the outcome of every step, in order. */
async function run(transportName: string, sequence: Sequence): Promise<Outcome[]> {
  const transport = TRANSPORTS.find((t) => t.name === transportName)!;
  // Fault latency runs on the mock's clock: a real one lets the latency step answer by itself.
  const mock: Voicemock = await createVoicemock({ seed: 7, scenarios: sequence.faults ? FAULT_PROFILES : [], clock: sequence.faults ? createRealClock() : undefined });
  const running: Running = await transport.start(mock, sequence.handlers?.(mock) ?? mock.handlers);
  const saved: Saved = {};
  const outcomes: Outcome[] = [];
  try {
    for (const step of sequence.steps) {
      const outcome = await running.send(step.request(mock, saved));
      outcomes.push(outcome);
      for (const [name, path] of Object.entries(step.save ?? {})) saved[name] = pick(outcome, path);
      if (outcome.kind === 'response' && !sequence.handlers) expectContract(mock, outcome);
    }
  } finally {
    await running.stop();
  }
  return outcomes;
}

const shown = (o: Outcome) => (o.kind === 'response' ? `${o.status} ${o.body.slice(0, 300)}` : o.kind);

for (const sequence of SEQUENCES) {
  describe(sequence.name, () => {
    const results = new Map<string, Outcome[]>();
    const transports = TRANSPORTS.filter((t) => t.takesHandlers || !sequence.handlers);
    beforeAll(async () => {
      // One after another: setupServer patches the global fetch, so two must not overlap.
      for (const t of transports) results.set(t.name, await run(t.name, sequence));
    }, 60_000);

    for (const t of transports) {
      it(`${t.name}: every step answers as expected`, () => {
        const outcomes = results.get(t.name)!;
        sequence.steps.forEach((step, i) => {
          const o = outcomes[i]!;
          const got = o.kind === 'response' ? o.status : o.kind;
          expect(got, `${step.name}: ${shown(o)}`).toBe(step.expect);
        });
      });
    }

    for (const t of transports.slice(1)) {
      it(`${t.name} answers exactly as ${transports[0]!.name}`, () => {
        const reference = results.get(transports[0]!.name)!;
        const outcomes = results.get(t.name)!;
        sequence.steps.forEach((step, i) => {
          const [a, b] = [reference[i]!, outcomes[i]!];
          if (step.statusOnly && a.kind === 'response' && b.kind === 'response') expect(b.status, step.name).toBe(a.status);
          else expect(b, step.name).toEqual(a);
        });
      });
    }
  });
}

