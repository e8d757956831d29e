// The contract kit for client suites: vitest matchers that check a response against an
// operation of openapi.yaml, and that a client sent nothing off-contract.
//
//   import { installVoicemockMatchers, expectNoViolations } from 'voicemock/vitest';
//   installVoicemockMatchers();
//   await expect(response).toMatchOperation('createApp');
//   await expectNoViolations(mock);              // in-process
//   await expectNoViolations('http://127.0.0.1:4010'); // voicemock serve
import '../supported-node.ts'; // first: one clear line on an unsupported Node
import { expect } from 'vitest';
import { createValidator, type ContractValidator } from '../core/contract/validator.ts';
import { openapiDocument } from '../generated/openapi-document.ts';
import type { Voicemock } from '../index.ts';
import type { JournalEntry } from '../core/journal.ts';

let validator: ContractValidator | undefined;
const contract = () => (validator ??= createValidator(openapiDocument, 'openapi.json'));

export interface ResponseLike {
  status: number;
  headers?: Headers | Record<string, string>;
  body?: unknown;
}

async function normalise(received: Response | ResponseLike): Promise<{ status: number; headers: Headers; body: unknown }> {
  if (received instanceof Response) {
    const text = await received.clone().text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // compared as text
    }
    return { status: received.status, headers: received.headers, body };
  }
  return { status: received.status, headers: new Headers(received.headers as Record<string, string>), body: received.body };
}

export function installVoicemockMatchers(): void {
  expect.extend({
    async toMatchOperation(received: Response | ResponseLike, operationId: string) {
      const response = await normalise(received);
      const violations = contract().validateResponse(operationId, response);
      return {
        pass: violations.length === 0,
        message: () =>
          violations.length === 0
            ? `expected the ${response.status} response not to match ${operationId}`
            : `expected the ${response.status} response to match ${operationId}:\n` + violations.map((v) => `  ${v.location}: ${v.message}`).join('\n'),
      };
    },
  });
}

/** Fails if any request the mock saw (since the last journal clear or reset) broke the contract. */
export async function expectNoViolations(target: Voicemock | string): Promise<void> {
  let entries: JournalEntry[];
  if (typeof target === 'string') {
    const response = await fetch(`${target.replace(/\/$/, '')}/__voicemock/journal?violations=true&limit=10000`);
    entries = ((await response.json()) as { data: JournalEntry[] }).data;
  } else {
    entries = target.journal.list({ violations: true, limit: target.journal.capacity });
  }
  const lines = entries.map((e) => `${e.method} ${e.path} (${e.operation_id ?? 'no route'}): ` + e.violations.map((v) => `${v.location} ${v.message}`).join('; '));
  if (lines.length > 0) throw new Error(`${lines.length} request(s) broke the contract:\n  ${lines.join('\n  ')}`);
}

declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown> {
    /** The response (a Response or {status, headers, body}) matches this operation of openapi.yaml. */
    toMatchOperation(operationId: string): Promise<void>;
  }
}

export { voicemockCoverage, type CoverageOptions } from './coverage.ts';
