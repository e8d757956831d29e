// The answer webhook's documented 502s on demand: `Prefer: scenario=answer-timeout` (and the
// other answer-* names) on the request that places the call makes answer_url fail that way
// without contacting it; the fallback is still tried for real.
import { describe, expect, it } from 'vitest';
import { createWorld, replyJson, until, useCallPeers } from './peers.ts';
import { send } from '../support/mock-client.ts';

const peers = useCallPeers();

async function placeCall(prefer: string): Promise<string> {
  const r = await send(peers.world.mock, 'POST', '/superfone/sfvopi/calls', {
    body: { from: peers.world.number, to: '+919900000002', answer_url: peers.recv.url('/answer') },
    headers: { 'x-api-key': peers.world.apiKey, prefer },
  });
  expect(r.status).toBe(200);
  const call = (await peers.world.calls()).find((c) => c.request_uuid === r.body.data.request_uuid)!;
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
    peers.world = await createWorld({ answer_url: peers.recv.url('/answer') });
    const uuid = await placeCall(`scenario=${scenario}`);
    await peers.world.advance(15_000); // answered after 2 s, then up to 10 s for the answer webhook
    await until(async () => (await peers.world.call(uuid)).ended, 'call to end');
    const call = await peers.world.call(uuid);
    expect(call).toMatchObject({ status: 'FAILED', failure: message, hangup_cause: '41' });
    expect(peers.recv.received.filter((r) => r.path === '/answer')).toEqual([]);
  });

  it('answer-and-fallback-failed fails both and reports "Both answer_url and fallback_answer_url failed"', async () => {
    peers.world = await createWorld({ answer_url: peers.recv.url('/answer'), fallback_answer_url: peers.recv.url('/fallback') });
    const uuid = await placeCall('scenario=answer-and-fallback-failed');
    await peers.world.advance(15_000);
    await until(async () => (await peers.world.call(uuid)).ended, 'call to end');
    expect((await peers.world.call(uuid)).failure).toBe('Both answer_url and fallback_answer_url failed');
    expect(peers.recv.received).toEqual([]);
  });

  it('with a fallback configured, answer-timeout is rescued by the real fallback', async () => {
    peers.world = await createWorld({ answer_url: peers.recv.url('/answer'), fallback_answer_url: peers.recv.url('/fallback') });
    peers.recv.on('/fallback', replyJson(200, { stream: { url: peers.streams.url } }));
    const uuid = await placeCall('scenario=answer-timeout');
    await peers.world.advance(13_000);
    await until(() => peers.recv.received.find((r) => r.path === '/fallback'), 'fallback request');
    await until(async () => (await peers.world.call(uuid)).status === 'IN_PROGRESS', 'call in progress');
    expect((await peers.world.call(uuid)).failure).toBeNull();
  });
});
