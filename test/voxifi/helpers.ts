// Drive Voxifi in-process through msw's getResponse; every answer is checked against the
// contract for the operation the journal says answered it.
import { getResponse } from 'msw';
import { beforeAll, beforeEach, expect } from 'vitest';
import { createVoicemock, type CreateOrgInput, type CreatedOrg, type Voicemock, type VoicemockOptions } from '../../src/index.ts';

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
  operationId: string | null;
}

export async function vx(
  mock: Voicemock,
  method: string,
  path: string,
  options: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const payload = options.body !== undefined ? JSON.stringify(options.body) : options.raw;
  if (payload !== undefined) headers['content-type'] ??= 'application/json';
  const request = new Request(`http://127.0.0.1:4010/voxifi/v1${path}`, { method, headers, body: payload });
  const response = await getResponse(mock.handlers, request);
  if (!response) throw new Error(`no handler answered ${method} ${path}`);
  const text = await response.text();
  const body = text === '' ? undefined : JSON.parse(text);
  const operationId = mock.ctx.journal.list({ limit: 1 })[0]?.operation_id ?? null;
  if (operationId) {
    const violations = mock.ctx.contract.validateResponse(operationId, { status: response.status, headers: response.headers, body });
    expect(violations, `${method} ${path} → ${response.status} ${text.slice(0, 500)}`).toEqual([]);
  }
  return { status: response.status, body, headers: response.headers, operationId };
}

/** A client bound to one API key. */
export function client(mock: Voicemock, key: string | null) {
  const call = (method: string, path: string, body?: unknown) => vx(mock, method, path, { key, body });
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body),
    patch: (path: string, body?: unknown) => call('PATCH', path, body),
    delete: (path: string) => call('DELETE', path),
  };
}

export type Client = ReturnType<typeof client>;

export function expectError(answer: Answer, status: number, code: string, message: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.body.error).toMatchObject({ code, message });
}

export interface Setup {
  mock: Voicemock;
  org: CreatedOrg;
  owner: Client;
  admin: Client;
  member: Client;
  agentId: string;
}

/** Clients for each role of an org. */
export function clientsOf(mock: Voicemock, org: CreatedOrg) {
  const keys = org.voxifi.api_keys;
  return { owner: client(mock, keys.Owner!), admin: client(mock, keys.Admin!), member: client(mock, keys.Member!) };
}

/** The org every test starts with: an agent on +15550001000, $100 balance, all three roles. */
export function orgInput(input: CreateOrgInput = {}): CreateOrgInput {
  return { name: 'Acme', ...input, voxifi: { agents: [{ name: 'Reminder', phone_number: '+15550001000' }], ...input.voxifi } };
}

/**
 * One mock per test file (creating one compiles the contract, ~100 ms), reset before each
 * test; the returned object is refilled with a fresh org each time.
 */
export function useVoxifi(input: CreateOrgInput = {}, options: VoicemockOptions = {}): Setup {
  const s = {} as Setup;
  let mock: Voicemock;
  beforeAll(async () => {
    mock = await createVoicemock({ seedDemoOrg: false, ...options });
  });
  beforeEach(async () => {
    await mock.reset();
    const org = await mock.createOrg(orgInput(input));
    Object.assign(s, { mock, org, ...clientsOf(mock, org), agentId: org.voxifi.agents[0]!.id });
  });
  return s;
}
