// The answer webhook's documented 502s on demand: `Prefer: scenario=answer-timeout` (and the
// other answer-* names) on the request that places the call makes answer_url fail that way
// without contacting it; the fallback is still tried for real.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, replyJson, startReceiver, startStreamServer, until, type Receiver, type StreamServer, type World } from './peers.ts';
import { send } from '../support/mock-client.ts';

let recv: Receiver;
let streams: StreamServer;
let world: World;

beforeEach(async () => {
  recv = await startReceiver();
  streams = await startStreamServer();
});
afterEach(async () => {
  await world?.mock.reset();
  await recv.close();
  await streams.close();
});

async function placeCall(prefer: string): Promise<string> {
  const r = await send(world.mock, 'POST', '/superfone/sfvopi/calls', {
    body: { from: world.number, to: '+919900000002', answer_url: recv.url('/answer') },
    headers: { 'x-api-key': world.apiKey, prefer },
  });
  expect(r.status).toBe(200);
  const call = (await world.calls()).find((c) => c.request_uuid === r.body.data.request_uuid)!;
  return call.call_uuid;
}

describe('forced answer-webhook failures', () => {
  it.each([
    ['answer-timeout', 'answer_url timeout'],
    ['answer-http-error', 'answer_url returned HTTP 500'],
    ['answer-connection-failed', 'answer_url connection failed: connect ECONNREFUSED'],
    ['answer-invalid-json', 'Invalid webhook response from answer_url'],
    ['answer-schema-invalid', 'Webhook response failed schema validation'],
  ])('%s ends the call FAILED with "%s" without contacting answer_url', async (scenario, message) => {
    world = await createWorld({ answer_url: recv.url('/answer') });
    const uuid = await placeCall(`scenario=${scenario}`);
    await world.advance(15_000); // answered after 2 s, then up to 10 s for the answer webhook
    await until(async () => (await world.call(uuid)).ended, 'call to end');
    const call = await world.call(uuid);
    expect(call).toMatchObject({ status: 'FAILED', failure: message, hangup_cause: '41' });
    expect(recv.received.filter((r) => r.path === '/answer')).toEqual([]);
  });

  it('answer-and-fallback-failed fails both and reports "Both answer_url and fallback_answer_url failed"', async () => {
    world = await createWorld({ answer_url: recv.url('/answer'), fallback_answer_url: recv.url('/fallback') });
    const uuid = await placeCall('scenario=answer-and-fallback-failed');
    await world.advance(15_000);
    await until(async () => (await world.call(uuid)).ended, 'call to end');
    expect((await world.call(uuid)).failure).toBe('Both answer_url and fallback_answer_url failed');
    expect(recv.received).toEqual([]);
  });

  it('with a fallback configured, answer-timeout is rescued by the real fallback', async () => {
    world = await createWorld({ answer_url: recv.url('/answer'), fallback_answer_url: recv.url('/fallback') });
    recv.on('/fallback', replyJson(200, { stream: { url: streams.url } }));
    const uuid = await placeCall('scenario=answer-timeout');
    await world.advance(13_000);
    await until(() => recv.received.find((r) => r.path === '/fallback'), 'fallback request');
    await until(async () => (await world.call(uuid)).status === 'IN_PROGRESS', 'call in progress');
    expect((await world.call(uuid)).failure).toBeNull();
  });
});
