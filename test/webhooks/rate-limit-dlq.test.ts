// Per-endpoint rate limit (held, not dropped, in order) and dead letter replay.
import { describe, expect, it } from 'vitest';
import { deliverVoxifiEvent, replayDeadLetter } from '../../src/voxifi/delivery-engine.ts';
import { verifyWebhookSignature } from '../../src/index.ts';
import type { VxDelivery } from '../../src/voxifi/model.ts';
import { addWebhook, ENDED, SECRET, setup, until, useReceivers } from './helpers.ts';

const receiver = useReceivers();

describe('per-endpoint rate limit', () => {
  it('15 events in a minute: 10 go at once, 5 are held and go when the window frees, in order', async () => {
    const r = await receiver(() => ({ status: 200 }));
    const other = await receiver(() => ({ status: 200 }));
    const { ctx, orgId } = await setup(r.url, { events: ['call.ended'] });
    const t0 = ctx.clock.now();
    const deliveries: VxDelivery[] = [];
    for (let i = 0; i < 15; i++) {
      const [d] = await deliverVoxifiEvent(ctx, orgId, 'call.ended', { ...ENDED, duration_seconds: i });
      deliveries.push(d!);
      // Spread over the first half minute: the window slides from each attempt's own start.
      if (i < 14) await ctx.clock.advance(2000);
    }
    await until(() => deliveries.filter((d) => d.status === 'Delivered').length === 10, 10_000, '10 delivered');
    const held = deliveries.slice(10);
    expect(held.every((d) => d.status === 'Pending' && d.attempts.length === 0)).toBe(true);
    // Held item k takes the slot freed by the k-th attempt, 60 s after it started.
    expect(held.map((d) => Date.parse(d.next_attempt_at!) - t0)).toEqual([60_000, 62_000, 64_000, 66_000, 68_000]);
    expect(r.requests).toHaveLength(10);

    // The limit is per endpoint: a second webhook is not held behind the first.
    await addWebhook(ctx, orgId, other.url, { events: ['call.started'] });
    const [free] = await deliverVoxifiEvent(ctx, orgId, 'call.started', { call_id: 'call_x' });
    await until(() => free!.status === 'Delivered');

    await ctx.clock.advance(60_000 - (ctx.clock.now() - t0) - 1);
    await new Promise((res) => setTimeout(res, 20));
    expect(r.requests).toHaveLength(10);
    await ctx.clock.advance(1);
    await until(() => r.requests.length === 11, 10_000, 'first held one');
    // One slot at a time: attempts run concurrently on the network, so arrival order is only
    // meaningful when each has arrived before the clock frees the next slot.
    for (let n = 12; n <= 15; n++) {
      await ctx.clock.advance(2000);
      await until(() => r.requests.length === n, 2000, `held delivery ${n}`);
    }
    await until(() => deliveries.every((d) => d.status === 'Delivered'), 10_000, 'all delivered');
    // Each event arrived exactly once; the order is the engine's, read from the attempt times
    // (requests in flight at once may reach the receiver in any order).
    expect(r.requests.map((q) => JSON.parse(q.text).data.duration_seconds).sort((a: number, b: number) => a - b)).toEqual([...Array(15).keys()]);
    const starts = deliveries.map((d) => Date.parse(d.attempts[0]!.at));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(held.map((d) => Date.parse(d.attempts[0]!.at) - t0)).toEqual([60_000, 62_000, 64_000, 66_000, 68_000]);
  });

  it('15 events at the same instant: 10 now, 5 exactly 60 s later', async () => {
    const r = await receiver(() => ({ status: 200 }));
    const { ctx, orgId } = await setup(r.url);
    const deliveries = (await Promise.all([...Array(15).keys()].map((i) =>
      deliverVoxifiEvent(ctx, orgId, 'call.ended', { ...ENDED, duration_seconds: i })))).flat();
    await until(() => r.requests.length === 10);
    await new Promise((res) => setTimeout(res, 20));
    expect(r.requests).toHaveLength(10);
    await ctx.clock.advance(60_000);
    await until(() => deliveries.every((d) => d.status === 'Delivered'));
    expect(r.requests).toHaveLength(15);
  });
});

describe('dead letter replay', () => {
  it('a dead letter replays with a fresh timestamp and signature once the receiver is fixed', async () => {
    let fixed = false;
    const r = await receiver(() => (fixed ? { status: 200 } : { status: 410, body: 'gone' }));
    const { ctx, orgId, hook } = await setup(r.url);
    const [delivery] = await deliverVoxifiEvent(ctx, orgId, 'call.ended', ENDED);
    await until(() => delivery!.dead_lettered);
    expect(delivery).toMatchObject({ status: 'Failed', attempt: 1 });

    fixed = true;
    await ctx.clock.advance(3_600_000); // an hour later: the first signature is long stale
    const replayed = replayDeadLetter(ctx, delivery!);
    expect(replayed).toBe(delivery);
    expect(delivery).toMatchObject({ status: 'Pending', dead_lettered: false, attempt: 0 });
    await until(() => delivery!.status === 'Delivered');
    expect(delivery).toMatchObject({ attempt: 1, response_code: 200, dead_lettered: false });
    expect(delivery!.attempts.map((a) => [a.attempt, a.response_code])).toEqual([[1, 410], [1, 200]]);

    const [first, second] = r.requests;
    expect(second!.text).toBe(first!.text); // same event
    expect(Number(second!.headers['x-webhook-timestamp']) - Number(first!.headers['x-webhook-timestamp'])).toBe(3600);
    const check = await verifyWebhookSignature({
      rawBody: second!.rawBody, signature: second!.headers['x-webhook-signature'] as string,
      timestamp: second!.headers['x-webhook-timestamp'] as string, secret: SECRET, now: ctx.clock.now(),
    });
    expect(check).toEqual({ ok: true });
    expect(hook).toMatchObject({ consecutive_failures: 0, total_failures: 1 });
  });

  it('replay through the events.ts hook, after retries ran out, and a no-op on live deliveries', async () => {
    let fixed = false;
    const r = await receiver(() => (fixed ? { status: 200 } : { status: 500 }));
    const { ctx, orgId } = await setup(r.url);
    const [delivery] = await deliverVoxifiEvent(ctx, orgId, 'call.ended', ENDED);
    for (let n = 1; n <= 6; n++) {
      await until(() => delivery!.attempts.length === n);
      await ctx.clock.advance(16_000);
    }
    await until(() => delivery!.dead_lettered);
    fixed = true;
    replayDeadLetter(ctx, delivery!);
    await until(() => delivery!.status === 'Delivered');
    expect(delivery!.attempts).toHaveLength(7);
    expect(r.requests).toHaveLength(7);

    replayDeadLetter(ctx, delivery!); // not a dead letter: nothing happens
    await new Promise((res) => setTimeout(res, 20));
    expect(r.requests).toHaveLength(7);
  });

  it('a delivery whose webhook was disabled meanwhile is dead-lettered without a request', async () => {
    const r = await receiver(() => ({ status: 500 }));
    const { ctx, orgId, hook } = await setup(r.url);
    const [delivery] = await deliverVoxifiEvent(ctx, orgId, 'call.ended', ENDED);
    await until(() => delivery!.attempts.length === 1);
    hook.enabled = false;
    await ctx.clock.advance(1000);
    await until(() => delivery!.dead_lettered);
    expect(r.requests).toHaveLength(1);
    expect(delivery).toMatchObject({ status: 'Failed', attempt: 1 });
  });
});
