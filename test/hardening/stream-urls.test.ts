// Break 6 of part two: the stream URL from the answer webhook skipped the outbound guard.
// ws://169.254.169.254/… was connected, ws://127.0.0.1:PORT/__voicemock/health reached the
// control API, and ws://metadata.google.internal/x was looked up in DNS. Now each is refused
// before any connection, and the call ends as for a stream server nobody listens on: FAILED (41).
// A name that only resolves to a metadata address is refused by the `lookup` hook.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { createWorld, eventTypes, replyJson, startReceiver, until, type Receiver, type World } from '../calls/peers.ts';
import type { ConnectWebSocket } from '../../src/core/socket.ts';
import { wsConnectorFor } from '../../src/http/ws-client.ts';
import { guardedFetch, type Lookup } from '../../src/http/guarded-lookup.ts';

let recv: Receiver;
let world: World;
let opened: string[];

/** Records every URL the mock asks to open, then fails it as a dead host would. */
const recording: ConnectWebSocket = (url) => {
  opened.push(url);
  throw new Error('connection refused');
};

beforeEach(async () => {
  opened = [];
  recv = await startReceiver();
  world = await createWorld({ answer_url: recv.url('/app-answer') }, { connectWebSocket: recording });
});
afterEach(async () => {
  await world.mock.reset();
  await recv.close();
});

async function callWithStream(url: string) {
  recv.on('/answer', replyJson(200, { stream: { url } }));
  const r = await world.api.post('/calls', { from: world.number, to: '+918000000001', answer_url: recv.url('/answer'), hangup_url: recv.url('/hangup') });
  expect(r.status).toBe(200);
  await world.advance(2000);
  return until(() => recv.received.find((x) => x.path === '/hangup'), 'hangup webhook');
}

describe('the stream URL goes through the outbound guard', () => {
  it.each([
    'ws://169.254.169.254/latest/meta-data/iam',
    'ws://127.0.0.1:4010/__voicemock/health',
    'ws://metadata.google.internal/x',
    'ws://[fe80::1]/x',
  ])('%s is never opened; the call fails as a connection failure', async (url) => {
    const hangup = await callWithStream(url);
    expect(hangup.body).toMatchObject({ call_status: 'FAILED', hangup_cause: '41' });
    expect(opened).toEqual([]);
    const call = await world.call(hangup.body.call_uuid);
    expect(eventTypes(call)).toContain('stream_failed');
  });

  it('a loopback stream server is still opened', async () => {
    await callWithStream('ws://127.0.0.1:9/agent');
    expect(opened).toEqual(['ws://127.0.0.1:9/agent']);
  });
});

describe('a name that resolves to a metadata address is refused after resolution', () => {
  const toMetadata: Lookup = (_host, options, callback) =>
    options.all ? callback(null, [{ address: '169.254.169.254', family: 4 }]) : callback(null, '169.254.169.254', 4);
  let server: Server;
  let wss: WebSocketServer;
  let upgrades: number;
  beforeEach(async () => {
    upgrades = 0;
    server = createServer();
    wss = new WebSocketServer({ server });
    wss.on('connection', () => upgrades++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterEach(async () => {
    wss.close();
    await new Promise((r) => server.close(r));
  });

  it('the ws client refuses it in its lookup; the socket reports an error and closes', async () => {
    const connect = wsConnectorFor({ allowedOutboundHosts: [] }, toMetadata);
    const socket = connect(`ws://innocent.example:${(server.address() as AddressInfo).port}/`);
    const events: string[] = [];
    let message = '';
    socket.addEventListener('error', (e: { message?: string; error?: { message?: string } }) => {
      events.push('error');
      message = e.error?.message ?? e.message ?? '';
    });
    await new Promise<void>((resolve) => socket.addEventListener('close', () => resolve()));
    expect(events).toEqual(['error']);
    expect(message).toMatch(/resolves to 169\.254\.169\.254/);
    expect(upgrades).toBe(0);
  });

  it('--allow-outbound lets the name through', async () => {
    const loopback: Lookup = (_host, options, callback) => (options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4));
    const connect = wsConnectorFor({ allowedOutboundHosts: ['innocent.example'] }, (h, o, cb) => toMetadata(h, o, () => loopback(h, o, cb)));
    const socket = connect(`ws://innocent.example:${(server.address() as AddressInfo).port}/`);
    await new Promise<void>((resolve) => socket.addEventListener('open', () => resolve()));
    socket.close();
    expect(upgrades).toBe(1);
  });

  it('webhook fetches are checked on the resolved address too', async () => {
    let called = 0;
    const network = (async () => {
      called++;
      return new Response('{}');
    }) as typeof fetch;
    const guarded = guardedFetch({ allowedOutboundHosts: [] }, network, toMetadata);
    await expect(guarded('http://innocent.example/answer')).rejects.toThrow(TypeError);
    expect(called).toBe(0);
  });
});
