// Drive a voicemock in-process through msw's getResponse, and check every response it gives
// against the contract (the journal names the operation that answered).
import { getResponse } from 'msw';
import { expect } from 'vitest';
import type { Voicemock } from '../../src/index.ts';

export interface Sent {
  status: number;
  body: any;
  headers: Headers;
  operationId: string | null;
}

export async function send(
  mock: Voicemock,
  method: string,
  path: string,
  options: { body?: unknown; raw?: string; headers?: Record<string, string>; origin?: string } = {},
): Promise<Sent> {
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | undefined = options.raw;
  if (options.body !== undefined) payload = JSON.stringify(options.body);
  if (payload !== undefined) headers['content-type'] ??= 'application/json';
  const request = new Request((options.origin ?? 'http://127.0.0.1:4010') + path, { method, headers, body: payload });
  const response = await getResponse(mock.handlers, request);
  if (!response) throw new Error(`no handler answered ${method} ${path}`);
  const text = await response.text();
  const body = text === '' ? undefined : JSON.parse(text);
  // Call engines journal webhook outcomes in the background: match this request's entry.
  const pathname = new URL(request.url).pathname;
  const entry = mock.ctx.journal.list({ limit: 50 }).find((e) => e.method === method && e.path === pathname);
  const operationId = entry?.operation_id ?? null;
  const isControl = path.startsWith('/__voicemock/');
  if (operationId) {
    const validator = isControl ? mock.ctx.control : mock.ctx.contract;
    const violations = validator.validateResponse(operationId, { status: response.status, headers: response.headers, body });
    expect(violations, `${method} ${path} → ${response.status} ${text}`).toEqual([]);
  }
  expect(response.headers.get('voicemock-version')).toBeTruthy();
  return { status: response.status, body, headers: response.headers, operationId };
}

/** A client bound to one SFVoPI API key. */
export function sfvopiClient(mock: Voicemock, apiKey: string) {
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    send(mock, method, `/superfone/sfvopi${path}`, { body, headers: { 'x-api-key': apiKey, ...headers } });
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body),
    put: (path: string, body?: unknown) => call('PUT', path, body),
    delete: (path: string) => call('DELETE', path),
    call,
  };
}
