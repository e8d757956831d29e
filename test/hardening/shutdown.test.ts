// Graceful shutdown ends live calls with their hangup webhook, within a bound.
import { afterEach, describe, expect, it } from 'vitest';
import { drainCalls } from '../../src/sfvopi/engine/drain.ts';
import { contextOf } from '../../src/internal.ts';
import { createWorld, startReceiver, until, type Receiver, type World } from '../calls/peers.ts';

let recv: Receiver | undefined;
let world: World | undefined;
afterEach(async () => {
  await world?.mock.reset();
  await recv?.close();
});

describe('shutdown', () => {
  it('hangs up a live call, sends its hangup webhook, and reports it ended within the bound', async () => {
    recv = await startReceiver();
    recv.on('/answer', () => {}); // the answer webhook hangs: the call stays live
    world = await createWorld({ answer_url: recv.url('/answer'), hangup_url: recv.url('/hangup') });
    const r = await world.control('POST', '/sfvopi/calls/inbound', { to: world.number, from: '+919900000001' });
    const uuid = r.body.call_uuid as string;
    await until(() => recv!.received.some((q) => q.path === '/answer'), 'the answer request');
    const drained = await drainCalls(contextOf(world.mock), 10_000); // internal: drainCalls is what `voicemock serve` calls at shutdown, no request reaches it
    expect(drained).toEqual({ ended: 1, cut: 0 });
    const hangup = recv.received.find((q) => q.path === '/hangup');
    expect(hangup?.body).toMatchObject({ call_uuid: uuid });
    expect((await world.call(uuid)).ended).toBe(true);
  });

  it('with nothing live it returns at once', async () => {
    world = await createWorld({ answer_url: 'http://127.0.0.1:9/a' });
    expect(await drainCalls(contextOf(world.mock), 10_000)).toEqual({ ended: 0, cut: 0 });
  });
});
