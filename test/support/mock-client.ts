// SFVoPI through the one test client (./client.ts): a client bound to an API key.
import type { Voicemock } from '../../src/index.ts';
import { send } from './client.ts';

export { send, type Sent } from './client.ts';

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
