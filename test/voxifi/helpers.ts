// Voxifi through the one test client (../support/client.ts): clients per role, and an org
// to start each test from.
import { beforeAll, beforeEach, expect } from 'vitest';
import { send, type Sent } from '../support/client.ts';
import { createVoicemock, type CreateOrgInput, type CreatedOrg, type Voicemock, type VoicemockOptions } from '../../src/index.ts';

export type Answer = Sent;

export function vx(
  mock: Voicemock,
  method: string,
  path: string,
  options: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  return send(mock, method, `/voxifi/v1${path}`, { body: options.body, raw: options.raw, headers });
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
