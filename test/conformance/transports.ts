// Every way into a voicemock, as one shape: start it over a fresh mock (and, where the
// transport takes one, a handler list), send a request, stop. A new transport joins the
// conformance table by adding one entry here.
import { getResponse, type RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import type { Voicemock, VoicemockOptions } from '../../src/index.ts';
import { startServer } from '../../src/http/node-server.ts';
import { httpTransport, inProcessTransport, type Transport as ReplayTransport } from '../../src/scenarios/transport.ts';

export interface Sent {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** What a client sees: a response read to the end, a failed fetch, or a body that broke off. */
export type Outcome =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'network-error' }
  | { kind: 'body-error'; status: number };

export interface Running {
  send(request: Sent): Promise<Outcome>;
  stop(): Promise<void>;
}

export interface Transport {
  name: string;
  /** false: the transport is the mock alone, with no handler list (cases with user handlers skip it). */
  takesHandlers: boolean;
  /** `options`: what `mock` was created with, for a transport that answers from a mock of its own. */
  start(mock: Voicemock, handlers: RequestHandler[], options: VoicemockOptions): Promise<Running>;
  /** It answers from a mock of its own (the service worker's, in the page): no journal here to check. */
  answersElsewhere?: boolean;
  /**
   * Steps known to answer differently through this transport (a bug to fix, by step name, with
   * why): only their status must match. It depends on task timing, so it is not asserted to differ.
   */
  knownDifferences?: Record<string, string>;
  /** It reads each answer whole (the replay transport), so a body that breaks off is a failed request to it. */
  bodyErrorIsNetworkError?: boolean;
}

/** The real provider host: in-process transports must answer it without a port. */
export const HOST = 'https://prod-api.superfone.co.in';

const HEADERS_THAT_MATTER = ['content-type', 'voicemock-version', 'voicemock-violations', 'retry-after', 'set-cookie'];

/** `origin`: where the transport really sent it; answers that name it say HOST instead. */
export async function read(response: Response | Promise<Response>, origin = HOST): Promise<Outcome> {
  let r: Response;
  try {
    r = await response;
  } catch {
    return { kind: 'network-error' };
  }
  if (r.type === 'error') return { kind: 'network-error' };
  let body: string;
  try {
    body = await r.text();
  } catch {
    return { kind: 'body-error', status: r.status };
  }
  const headers: Record<string, string> = {};
  for (const name of HEADERS_THAT_MATTER) {
    const value = r.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return { kind: 'response', status: r.status, headers, body: body.replaceAll(origin, HOST) };
}

/**
 * What a replay (voicemock/scenarios) sees through its own transport: the body parsed, so it
 * is written back as JSON text; a send that throws is a failed request.
 */
async function readReplay(transport: ReplayTransport, s: Sent, origin: string): Promise<Outcome> {
  let answer: Awaited<ReturnType<ReplayTransport['send']>>;
  try {
    answer = await transport.send(s.method, s.path, s.headers ?? {}, s.body);
  } catch {
    return { kind: 'network-error' };
  }
  if (answer.status === 0) return { kind: 'network-error' };
  const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  return read(new Response(body, { status: answer.status, headers: answer.headers }), origin);
}

const requestOf = (base: string, s: Sent) => new Request(base + s.path, { method: s.method, headers: s.headers, body: s.body });

export const TRANSPORTS: Transport[] = [
  {
    name: 'mock.fetch',
    takesHandlers: false,
    start: async (mock) => ({ send: (s) => read(mock.fetch(requestOf(HOST, s))), stop: async () => {} }),
  },
  {
    name: 'msw getResponse',
    takesHandlers: true,
    start: async (_mock, handlers) => ({
      send: (s) => read(getResponse(handlers, requestOf(HOST, s)).then((r) => r ?? new Response('unhandled', { status: 599 }))),
      stop: async () => {},
    }),
  },
  {
    name: 'msw setupServer + fetch',
    takesHandlers: true,
    start: async (_mock, handlers) => {
      const server = setupServer(...handlers);
      server.listen({ onUnhandledFrame: 'error' });
      return { send: (s) => read(fetch(requestOf(HOST, s))), stop: async () => server.close() };
    },
  },
  {
    name: 'startServer over HTTP',
    takesHandlers: true,
    start: async (mock, handlers) => {
      const server = await startServer({ mock, handlers, port: 0 });
      return { send: (s) => read(fetch(requestOf(server.url, s)), server.url), stop: () => server.close() };
    },
  },
  {
    name: 'replay transport in-process',
    takesHandlers: false,
    bodyErrorIsNetworkError: true,
    start: async (mock) => {
      const transport = inProcessTransport(mock);
      return { send: (s) => readReplay(transport, s, 'http://127.0.0.1:4010'), stop: async () => {} };
    },
  },
  {
    name: 'replay transport over HTTP',
    takesHandlers: false,
    bodyErrorIsNetworkError: true,
    start: async (mock) => {
      const server = await startServer({ mock, port: 0 });
      const transport = httpTransport(server.url);
      return { send: (s) => readReplay(transport, s, server.url), stop: () => server.close() };
    },
  },
];
