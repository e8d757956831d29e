// Calls in progress are bounded (maxLiveCalls, scaled down here to 3): each holds its timers,
// stream and recording until it ends, and a client placing calls that never hang up would
// otherwise grow the mock for up to call_time_limit (4 h). Past the limit each way in refuses
// in its own envelope; ending a call makes room; the mock keeps answering.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, replyJson, startReceiver, type Receiver, type World } from '../calls/peers.ts';

const MAX = 3;
let recv: Receiver;
let world: World;

beforeEach(async () => {
  recv = await startReceiver();
  recv.on('/answer', replyJson(200, { speak: 'hello' }));
  world = await createWorld({ answer_url: recv.url('/answer') }, { config: { maxLiveCalls: MAX } });
});
afterEach(async () => {
  await world.mock.reset();
  await recv.close();
});

const inbound = () => world.control('POST', '/sfvopi/calls/inbound', { to: world.number, from: '+919900000001', hangup_after_seconds: null });

describe('calls in progress', () => {
  it('past maxLiveCalls: inbound 409 limit_reached, outbound SFVoPI 500; a hangup makes room', async () => {
    const placed: string[] = [];
    for (let i = 0; i < MAX; i++) {
      const r = await inbound();
      expect(r.status).toBe(200);
      placed.push(r.body.call_uuid);
    }
    const refused = await inbound();
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({ error: { code: 'limit_reached', message: `At most ${MAX} calls in progress (maxLiveCalls); hang some up or raise --max-live-calls` } });
    const outbound = await world.api.post('/calls', { from: world.number, to: '+919900000002', answer_url: recv.url('/answer') });
    expect(outbound.status).toBe(500);
    expect(outbound.body).toEqual({ message: `Failed to initiate outbound call: limit of ${MAX} calls in progress reached (voicemock maxLiveCalls); hang some up or raise the limit` });
    expect((await world.calls()).length).toBe(MAX);
    expect((await world.mock.fetch('http://127.0.0.1:4010/__voicemock/health')).status).toBe(200);

    expect((await world.control('POST', `/sfvopi/calls/${placed[0]}/hangup`)).status).toBe(200);
    await world.advance(0);
    expect((await world.call(placed[0]!)).ended).toBe(true);
    expect((await inbound()).status).toBe(200);
  });

  it('a flood of placements holds the limit, whatever the number tried', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, () => inbound()));
    expect(answers.filter((r) => r.status === 200)).toHaveLength(MAX);
    expect(answers.filter((r) => r.status === 409)).toHaveLength(50 - MAX);
    expect((await world.calls()).filter((c: { ended: boolean }) => !c.ended)).toHaveLength(MAX);
  });
});
