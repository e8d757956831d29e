// The one test client: a request to a mock through the transport this run tests
// (VOICEMOCK_TEST_TRANSPORT: `fetch`, the default, is mock.fetch; `http` is the node:http
// adapter on a port, started once per mock), with every answer checked against the contract
// of the operation the journal says answered it.
import { afterAll, expect } from 'vitest';
import type { Voicemock } from '../../src/index.ts';
import { contractFor } from './contracts.ts';
import { startServer, type RunningServer } from '../../src/http/node-server.ts';

export interface Sent {
  status: number;
  body: any;
  text: string;
  headers: Headers;
  operationId: string | null;
}

export interface SendOptions {
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export const TRANSPORT = process.env.VOICEMOCK_TEST_TRANSPORT === 'http' ? 'http' : 'fetch';

const servers = new Map<Voicemock, Promise<RunningServer>>();
afterAll(async () => {
  const running = [...servers.values()];
  servers.clear();
  await Promise.all(running.map(async (s) => (await s).close()));
});

/** The origin requests go to: the provider's own host in-process, the adapter's port over HTTP. */
async function originOf(mock: Voicemock): Promise<string> {
  if (TRANSPORT === 'fetch') return 'https://prod-api.superfone.co.in';
  let server = servers.get(mock);
  if (!server) servers.set(mock, (server = startServer({ mock, port: 0 })));
  return (await server).url;
}

export async function send(mock: Voicemock, method: string, path: string, options: SendOptions = {}): Promise<Sent> {
  const headers: Record<string, string> = { ...options.headers };
  const payload = options.body !== undefined ? JSON.stringify(options.body) : options.raw;
  if (payload !== undefined) headers['content-type'] ??= 'application/json';
  const url = (await originOf(mock)) + path;
  const request = new Request(url, { method, headers, body: payload });
  const response = TRANSPORT === 'fetch' ? await mock.fetch(request) : await fetch(request);
  const text = await response.text();
  const body = text === '' ? undefined : JSON.parse(text);
  // Call engines journal webhook outcomes in the background: match this request's entry.
  const pathname = new URL(url).pathname;
  const entry = mock.journal.list({ limit: 50 }).find((e) => e.method === method && e.path === pathname);
  const operationId = entry?.operation_id ?? null;
  if (operationId) {
    const validator = contractFor(path);
    const violations = validator.validateResponse(operationId, { status: response.status, headers: response.headers, body });
    expect(violations, `${method} ${path} → ${response.status} ${text.slice(0, 500)}`).toEqual([]);
  }
  expect(response.headers.get('voicemock-version')).toBeTruthy();
  return { status: response.status, body, text, headers: response.headers, operationId };
}
