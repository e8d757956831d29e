// Where a replay sends its requests: the in-process mock (msw getResponse) or any HTTP server.
import { getResponse } from 'msw';
import type { Voicemock } from '../index.ts';

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface Transport {
  readonly name: string;
  send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer>;
}

async function toAnswer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: compared as text
  }
  return { status: response.status, headers: response.headers, body };
}

export function inProcessTransport(mock: Voicemock): Transport {
  return {
    name: 'in-process',
    async send(method, path, headers, body) {
      const response = await getResponse(mock.handlers, new Request(`http://127.0.0.1:4010${path}`, { method, headers, body }));
      if (!response) return { status: 404, headers: new Headers(), body: undefined };
      return toAnswer(response);
    },
  };
}

export function httpTransport(baseUrl: string): Transport {
  const base = baseUrl.replace(/\/$/, '');
  return {
    name: base,
    async send(method, path, headers, body) {
      return toAnswer(await fetch(base + path, { method, headers, body }));
    },
  };
}
