// Real peers on 127.0.0.1 for the call tests: an HTTP receiver for webhooks (each path can
// misbehave its own way) and a WebSocket server playing the user's media-stream server.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { afterEach, beforeEach, expect } from 'vitest';
import { getResponse, matchRequestUrl } from 'msw';
import { createVoicemock, type Voicemock, type VoicemockOptions } from '../../src/index.ts';
import { nodeCapabilities } from '../../src/http/node-capabilities.ts';
import { operationsOf } from '../../src/core/contract/operations.ts';
import { controlApiDocument } from '../../src/generated/control-api-document.ts';
import { sfvopiClient } from '../support/mock-client.ts';
import { apiContract, controlContract } from '../support/contracts.ts';
import type { components } from '../../src/generated/control-api.ts';

/** A call as GET /__voicemock/sfvopi/calls/{call_uuid} shows it. */
export type CallView = components['schemas']['SfvCall'];

export interface Received {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: any;
}

export type Route = (req: Received, res: ServerResponse) => void;

export interface Receiver {
  origin: string;
  url(path: string): string;
  received: Received[];
  on(path: string, route: Route): void;
  close(): Promise<void>;
}

export const replyJson = (status: number, body: unknown): Route => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

export async function startReceiver(): Promise<Receiver> {
  const routes = new Map<string, Route>();
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try { body = text ? JSON.parse(text) : undefined; } catch { /* keep text */ }
      const entry = { method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body };
      received.push(entry);
      (routes.get(url.pathname) ?? replyJson(200, {}))(entry, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => origin + path,
    received,
    on: (path, route) => void routes.set(path, route),
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export interface Peer {
  socket: WebSocket;
  messages: any[];
  closed: boolean;
  send(message: unknown): void;
}

export interface StreamServer {
  url: string;
  peers: Peer[];
  close(): Promise<void>;
}

export async function startStreamServer(): Promise<StreamServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const peers: Peer[] = [];
  wss.on('connection', (socket) => {
    const peer: Peer = { socket, messages: [], closed: false, send: (m) => socket.send(JSON.stringify(m)) };
    socket.on('message', (data, isBinary) => peer.messages.push(isBinary ? data : JSON.parse(String(data))));
    socket.on('close', () => { peer.closed = true; });
    peers.push(peer);
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/media`,
    peers,
    close: () => new Promise<void>((r) => { for (const c of wss.clients) c.terminate(); wss.close(() => r()); }),
  };
}

/** Waits (yielding to the event loop) until `check` returns something truthy: network I/O takes real time even on a virtual clock. */
export async function until<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, what = 'condition', timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

export interface ControlReply {
  status: number;
  body: any;
  headers: Headers;
  bytes: Uint8Array;
}

/**
 * A control request, its response checked against control-api.yaml. The operation is found by
 * matching the path (not from the journal: the engine journals webhook failures concurrently).
 */
export async function controlRequest(mock: Voicemock, method: string, path: string, body?: unknown): Promise<ControlReply> {
  const url = `http://127.0.0.1:4010/__voicemock${path}`;
  const request = new Request(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const response = await getResponse(mock.handlers, request);
  if (!response) throw new Error(`no handler answered ${method} ${path}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const json = (response.headers.get('content-type') ?? '').includes('json');
  const parsed = json && bytes.length > 0 ? JSON.parse(new TextDecoder().decode(bytes)) : undefined;
  const pathname = new URL(url).pathname;
  const operation = [...operationsOf(controlApiDocument).values()].find(
    (o) => o.method === method.toLowerCase() && matchRequestUrl(new URL(url), o.mswPath).matches && o.path.split('/').length === pathname.split('/').length,
  );
  expect(operation, `${method} ${path} is a control operation`).toBeDefined();
  if (json) {
    const violations = controlContract().validateResponse(operation!.operationId, { status: response.status, headers: response.headers, body: parsed });
    expect(violations, `${method} ${path} → ${response.status} ${JSON.stringify(parsed)}`).toEqual([]);
  }
  return { status: response.status, body: parsed, headers: response.headers, bytes };
}

export interface World {
  mock: Voicemock;
  api: ReturnType<typeof sfvopiClient>;
  orgId: number;
  /** The org's SFVoPI API key. */
  apiKey: string;
  appId: string;
  /** Linked to the app. */
  number: string;
  control(method: string, path: string, body?: unknown): Promise<ControlReply>;
  call(uuid: string): Promise<any>;
  calls(): Promise<any[]>;
  advance(ms: number): Promise<void>;
}

export async function createWorld(app: Record<string, unknown>, options: VoicemockOptions = {}): Promise<World> {
  const mock = await createVoicemock({ ...nodeCapabilities, ...options });
  const number = '+918000000003';
  const org = await mock.createOrg({ sfvopi: { numbers: [number, '+918000000004'] } });
  const api = sfvopiClient(mock, org.sfvopi.api_key);
  const created = await api.post('/apps', { name: 'Calls', ...app });
  expect(created.status).toBe(200);
  const appId = created.body.data.app_id;
  expect((await api.post(`/apps/${appId}/numbers`, { voip_number: number })).status).toBe(200);
  const control = (method: string, path: string, body?: unknown) => controlRequest(mock, method, path, body);
  return {
    mock, api, orgId: org.org_id, apiKey: org.sfvopi.api_key, appId, number, control,
    call: async (uuid) => (await control('GET', `/sfvopi/calls/${uuid}`)).body,
    calls: async () => (await control('GET', '/sfvopi/calls')).body.data,
    advance: async (ms) => { expect((await control('POST', '/clock/advance', { ms })).status).toBe(200); },
  };
}

/**
 * The peers of a call test, fresh for each test: a webhook receiver and a stream server (both
 * on 127.0.0.1, port 0). `world` is the test's own (createWorld, set by the test or by `before`);
 * after each test it is reset (which cancels its timers and aborts anything in flight) and both
 * peers are closed.
 */
export interface CallPeers {
  recv: Receiver;
  streams: StreamServer;
  world: World;
}

export function useCallPeers(before?: (peers: CallPeers) => void | Promise<void>): CallPeers {
  const peers = {} as CallPeers;
  beforeEach(async () => {
    peers.recv = await startReceiver();
    peers.streams = await startStreamServer();
    await before?.(peers);
  });
  afterEach(async () => {
    await peers.world?.mock.reset();
    await peers.recv.close();
    await peers.streams.close();
    peers.world = undefined as unknown as World; // a test that makes none must not reset the last one again
  });
  return peers;
}

/** Every payload we send must match its schema in openapi.yaml. */
export function expectSchema(mock: Voicemock, schema: string, value: unknown): void {
  expect(apiContract().validateAt(`#/components/schemas/${schema}`, value), `${schema}: ${JSON.stringify(value)}`).toEqual([]);
}

export const eventTypes = (call: { events: Array<{ type: string }> }) => call.events.map((e) => e.type);
