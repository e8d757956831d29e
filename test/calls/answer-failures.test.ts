// The answer webhook against real misbehaving receivers on 127.0.0.1: each documented 502
// message, the fallback, and the call ending FAILED with the message in its events and the journal.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createWorld, eventTypes, expectSchema, replyJson, type Route, until, useCallPeers } from './peers.ts';

const peers = useCallPeers();

const CALLER = '+919900000001';

/** A port nothing listens on (fetch refuses port 1 itself as a "bad port"). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function inbound(app: Record<string, unknown>): Promise<string> {
  peers.world = await createWorld({ answer_url: peers.recv.url('/answer'), hangup_url: peers.recv.url('/hangup'), ...app });
  const r = await peers.world.control('POST', '/sfvopi/calls/inbound', { to: peers.world.number, from: CALLER });
  expect(r.status).toBe(200);
  return r.body.call_uuid;
}

const ended = (uuid: string) => until(async () => (await peers.world.call(uuid)).ended, `call ${uuid} to end`);

async function expectFailedWith(uuid: string, message: string) {
  await ended(uuid);
  const call = await peers.world.call(uuid);
  expect(call.status).toBe('FAILED');
  expect(call.hangup_cause).toBe('41');
  expect(call.failure).toBe(message);
  expect(call.events).toContainEqual(expect.objectContaining({ type: 'answer_failed', status: 502, message }));
  const journal = (await peers.world.control('GET', '/journal?limit=20')).body.data;
  expect(journal).toContainEqual(expect.objectContaining({ operation_id: 'sfvopiAnswerWebhook', status: 502, note: message }));
  expectSchema(peers.world.mock, 'SfvAnswerWebhookFailed', { message });
  // The hangup webhook still goes out, FAILED, after the failure.
  const hangup = await until(() => peers.recv.received.find((r) => r.path === '/hangup'), 'hangup webhook');
  expectSchema(peers.world.mock, 'HangupWebhookPayload', hangup.body);
  expect(hangup.body).toMatchObject({ call_uuid: uuid, call_status: 'FAILED', hangup_cause: '41', direction: 'INBOUND' });
  expect(hangup.body.request_uuid).toBeUndefined();
  return call;
}

const validStream = () => ({ stream: { url: peers.streams.url, codec: 'PCMA', sample_rate: 8000, direction: 'BOTH', bidirectional: true } });

describe('answer webhook failures', () => {
  it('answer_url timeout: the receiver never answers; 10 s of virtual clock, no wall time', async () => {
    peers.recv.on('/answer', () => {}); // holds the request open
    const uuid = await inbound({});
    const request = await until(() => peers.recv.received.find((r) => r.path === '/answer'), 'answer request');
    expectSchema(peers.world.mock, 'AnswerWebhookPayload', request.body);
    await peers.world.advance(9_999);
    expect((await peers.world.call(uuid)).status).toBe('IN_PROGRESS');
    await peers.world.advance(1);
    await ended(uuid);
    await expectFailedWith(uuid, 'answer_url timeout');
  });

  it.each([
    [500, 'answer_url returned HTTP 500'],
    [404, 'answer_url returned HTTP 404'],
    [201, 'answer_url returned HTTP 201'], // the docs require HTTP 200 exactly
  ])('HTTP %i → %s', async (status, message) => {
    peers.recv.on('/answer', replyJson(status, { stream: { url: 'ws://127.0.0.1:1/' } }));
    await expectFailedWith(await inbound({}), message);
  });

  it('a closed port → answer_url connection failed: connect ECONNREFUSED', async () => {
    const port = await closedPort();
    const uuid = await inbound({ answer_url: `http://127.0.0.1:${port}/answer` });
    const call = await expectFailedWith(uuid, `answer_url connection failed: connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(call.events.find((e: { type: string }) => e.type === 'answer_webhook').detail.url).toBe(`http://127.0.0.1:${port}/answer`);
  });

  it('a body that is not JSON → Invalid webhook response from answer_url', async () => {
    peers.recv.on('/answer', (_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html>ok</html>'); });
    await expectFailedWith(await inbound({}), 'Invalid webhook response from answer_url');
  });

  it.each([
    ['JSON that is not Stream JSON', { hello: 'world' }],
    ['a stream without url', { stream: { codec: 'PCMA' } }],
    ['an http:// stream url', { stream: { url: 'http://127.0.0.1/ws' } }],
    ['PCMA at 16000 Hz', { stream: { url: 'ws://127.0.0.1/ws', codec: 'PCMA', sample_rate: 16000 } }],
    ['L16 at 22050 Hz', { stream: { url: 'ws://127.0.0.1/ws', codec: 'L16', sample_rate: 22050 } }],
    ['an unknown codec', { stream: { url: 'ws://127.0.0.1/ws', codec: 'OPUS' } }],
  ])('%s → Webhook response failed schema validation', async (_name, body) => {
    peers.recv.on('/answer', replyJson(200, body));
    const uuid = await inbound({});
    await expectFailedWith(uuid, 'Webhook response failed schema validation');
    const entry = peers.world.mock.journal.list({ limit: 20 }).find((e) => e.note === 'Webhook response failed schema validation')!;
    expect(entry.violations.length).toBeGreaterThan(0);
  });

  it('both failing → Both answer_url and fallback_answer_url failed, with each attempt in the events', async () => {
    peers.recv.on('/answer', replyJson(500, {}));
    peers.recv.on('/fallback', (_req, res) => { res.writeHead(200); res.end('not json'); });
    const uuid = await inbound({ fallback_answer_url: peers.recv.url('/fallback') });
    const call = await expectFailedWith(uuid, 'Both answer_url and fallback_answer_url failed');
    const attempts = call.events.filter((e: { type: string }) => e.type === 'answer_webhook');
    expect(attempts.map((e: { message: string }) => e.message)).toEqual(['answer_url returned HTTP 500', 'Invalid webhook response from answer_url']);
    expect(attempts.map((e: { detail: { which: string } }) => e.detail.which)).toEqual(['answer_url', 'fallback_answer_url']);
  });

  it('the fallback gets its own 10 s: two timeouts take 20 s of clock and no wall time', async () => {
    const hang: Route = () => {};
    peers.recv.on('/answer', hang);
    peers.recv.on('/fallback', hang);
    const uuid = await inbound({ fallback_answer_url: peers.recv.url('/fallback') });
    await until(() => peers.recv.received.find((r) => r.path === '/answer'), 'answer request');
    await peers.world.advance(10_000);
    await until(() => peers.recv.received.find((r) => r.path === '/fallback'), 'fallback request');
    await peers.world.advance(9_999);
    expect((await peers.world.call(uuid)).status).toBe('IN_PROGRESS');
    await peers.world.advance(1);
    await ended(uuid);
    await expectFailedWith(uuid, 'Both answer_url and fallback_answer_url failed');
  });
});

describe('fallback success', () => {
  it('answer_url fails, fallback_answer_url answers Stream JSON: the stream opens', async () => {
    peers.recv.on('/answer', replyJson(503, {}));
    peers.recv.on('/fallback', replyJson(200, validStream()));
    const uuid = await inbound({ fallback_answer_url: peers.recv.url('/fallback') });
    const peer = await until(() => peers.streams.peers[0]?.messages[0] && peers.streams.peers[0], 'stream start');
    expect(peer.messages[0]).toMatchObject({ event: 'start', callId: uuid });
    const call = await peers.world.call(uuid);
    expect(call.status).toBe('IN_PROGRESS');
    expect(call.failure).toBeNull();
    expect(eventTypes(call)).toEqual(expect.arrayContaining(['answer_webhook', 'stream_started']));
    expect(peers.world.mock.journal.list({ limit: 20 })).toContainEqual(expect.objectContaining({ status: 502, note: 'answer_url returned HTTP 503' }));
  });

  it('answer_method GET carries the payload as query parameters', async () => {
    peers.recv.on('/answer', replyJson(200, validStream()));
    const uuid = await inbound({ answer_method: 'GET' });
    const request = await until(() => peers.recv.received.find((r) => r.path === '/answer'), 'answer request');
    expect(request.method).toBe('GET');
    expect(request.body).toBeUndefined();
    expectSchema(peers.world.mock, 'AnswerWebhookPayload', request.query);
    expect(request.query).toMatchObject({ call_uuid: uuid, direction: 'INBOUND', call_status: 'IN_PROGRESS', to: peers.world.number });
    await until(() => peers.streams.peers[0]?.messages[0], 'stream start');
  });
});
