// Drive Voxifi in-process through msw's getResponse; every answer is checked against the
// contract for the operation the journal says answered it.
import { getResponse } from 'msw';
import { expect } from 'vitest';
import { createVoicemock, type CreateOrgInput, type CreatedOrg, type Voicemock } from '../../src/index.ts';

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

/** A fresh mock (no demo org) with one org: an agent on +15550001000, $100 balance. */
export async function setup(input: CreateOrgInput = {}): Promise<Setup> {
  const mock = await createVoicemock({ seedDemoOrg: false });
  const org = await mock.createOrg({ name: 'Acme', ...input, voxifi: { agents: [{ name: 'Reminder', phone_number: '+15550001000' }], ...input.voxifi } });
  return {
    mock,
    org,
    owner: client(mock, org.voxifi.api_keys.Owner!),
    admin: client(mock, org.voxifi.api_keys.Admin!),
    member: client(mock, org.voxifi.api_keys.Member!),
    agentId: org.voxifi.agents[0]!.id,
  };
}
