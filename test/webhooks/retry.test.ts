// Retry policy on the virtual clock: the 1/2/4/8/16 s schedule, what is retried (5xx, 429,
// timeouts, refused connections), what goes straight to the dead letter queue, and reset.
import { describe, expect, it } from 'vitest';
import { configureVoxifiDelivery, deliverVoxifiEvent } from '../../src/voxifi/delivery-engine.ts';
import { closedPort, ENDED, setup, until, useReceivers } from './helpers.ts';

const receiver = useReceivers();

describe('retries', () => {
  it('500 every time: 6 attempts at 0, 1, 3, 7, 15, 31 s, then the dead letter queue', async () => {
    const r = await receiver(() => ({ status: 500, body: 'boom' }));
    const { ctx, orgId, hook } = await setup(r.url);
    const t0 = ctx.clock.now();
    const [d] = await deliverVoxifiEvent(ctx, orgId, 'call.ended', ENDED);
    const delivery = d!;
    const delays = [1, 2, 4, 8, 16];
    for (let n = 1; n <= 6; n++) {
      await until(() => delivery.attempts.length === n, 2000, `attempt ${n}`);
      if (n < 6) {
        expect(delivery.status).toBe('Pending');
        expect(delivery.next_attempt_at).toBe(new Date(ctx.clock.now() + delays[n - 1]! * 1000).toISOString());
        // Nothing happens a millisecond early.
        await ctx.clock.advance(delays[n - 1]! * 1000 - 1);
        expect(r.requests).toHaveLength(n);
        await ctx.clock.advance(1);
      }
    }
    expect(delivery.attempts.map((a) => Date.parse(a.at) - t0)).toEqual([0, 1000, 3000, 7000, 15000, 31000]);
    expect(delivery.attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(delivery.attempts.every((a) => a.response_code === 500 && a.response_body === 'boom' && a.error === null)).toBe(true);
    expect(delivery).toMatchObject({ status: 'Failed', dead_lettered: true, attempt: 6, response_code: 500, next_attempt_at: null });
    expect(hook).toMatchObject({ consecutive_failures: 6, total_failures: 6, last_success_at: null });

    // The timestamp (and so the signature) is fresh on every attempt, and every event_id the same.
    expect(r.requests.map((q) => Number(q.headers['x-webhook-timestamp']) * 1000 - t0)).toEqual([0, 1000, 3000, 7000, 15000, 31000]);
    expect(new Set(r.requests.map((q) => q.headers['x-webhook-signature'])).size).toBe(6);
    expect(new Set(r.requests.map((q) => q.text)).size).toBe(1);

    await ctx.clock.advance(10 * 60_000);
    expect(r.requests).toHaveLength(6);
  });

  it('429 is retried, then 200 delivers and resets the failure streak', async () => {
    const r = await receiver((_req, i) => (i === 0 ? { status: 429, body: 'slow down' } : { status: 200 }));
    const { ctx, orgId, hook } = await setup(r.url);
    const [delivery] = await deliverVoxifiEvent(ctx, orgId, 'call.ended', ENDED);
    await until(() => delivery!.attempts.length === 1);
    expect(delivery!.status).toBe('Pending');
    expect(hook).toMatchObject({ consecutive_failures: 1, total_failures: 1 });
    await ctx.clock.advance(1000);
    await until(() => delivery!.status === 'Delivered');
    expect(delivery!.attempts.map((a) => a.response_code)).toEqual([429, 200]);
    expect(delivery!.attempt).toBe(2);
    expect(hook).toMatchObject({ consecutive_failures: 0, total_failures: 1, last_success_at: new Date(ctx.clock.now()).toISOString() });
  });

  it('400 goes straight to the dead letter queue after one attempt', async () => {
    const r = await receiver(() => ({ status: 400, body: 'bad payload' }));
    const { ctx, orgId } = await setup(r.url);
    const [delivery] = await deliverVoxifiEvent(ctx, orgId, 'call.ended', ENDED);
    await until(() => delivery!.status !== 'Pending');
    expect(delivery).toMatchObject({ status: 'Failed', dead_lettered: true, attempt: 1, response_code: 400, next_attempt_at: null });
    expect(delivery!.attempts[0]).toMatchObject({ response_code: 400, response_body: 'bad payload', error: null });
    await ctx.clock.advance(120_000);
    expect(r.requests).toHaveLength(1);
  });

  it('a 3xx is not followed and is permanent', async () => {
    const r = await receiver(() => ({ status: 302 }));
    const { ctx, orgId } = await setup(r.url);
    const [delivery] = await deliverVoxifiEvent(ctx, orgId, 'call.ended', ENDED);
    await until(() => delivery!.status !== 'Pending');
    expect(delivery).toMatchObject({ status: 'Failed', dead_lettered: true, response_code: 302 });
  });

  it('a refused connection is retried and logs the connection error', async () => {
    const port = await closedPort();
    const { ctx, orgId, hook } = await setup(`http://127.0.0.1:${port}/hook`);
    const [delivery] = await deliverVoxifiEvent(ctx, orgId, 'call.ended', ENDED);
    await until(() => delivery!.attempts.length === 1);
    expect(delivery!.attempts[0]).toMatchObject({ response_code: null, response_body: null });
    expect(delivery!.attempts[0]!.error).toMatch(/ECONNREFUSED/);
    expect(delivery!.status).toBe('Pending');
    await ctx.clock.advance(1000);
    await until(() => delivery!.attempts.length === 2);
    expect(hook.total_failures).toBe(2);
  });

  it('a refused connection goes to the DLQ when retryOnConnectionError is off', async () => {
    const port = await closedPort();
    const { ctx, orgId } = await setup(`http://127.0.0.1:${port}/hook`);
    configureVoxifiDelivery(ctx, { retryOnConnectionError: false });
    const [delivery] = await deliverVoxifiEvent(ctx, orgId, 'call.ended', ENDED);
    await until(() => delivery!.status !== 'Pending');
    expect(delivery).toMatchObject({ status: 'Failed', dead_lettered: true, attempt: 1 });
  });

  it('a receiver that never answers times out after 30 s of clock time and is retried', async () => {
    const r = await receiver(() => 'hang');
    const { ctx, orgId } = await setup(r.url);
    const [delivery] = await deliverVoxifiEvent(ctx, orgId, 'call.ended', ENDED);
    await until(() => r.requests.length === 1, 10_000, 'request received');
    await ctx.clock.advance(29_999);
    expect(delivery!.attempts).toHaveLength(0);
    await ctx.clock.advance(1);
    await until(() => delivery!.attempts.length === 1, 10_000, 'timeout recorded');
    expect(delivery!.attempts[0]).toMatchObject({ attempt: 1, response_code: null, response_body: null, duration_ms: 30_000, error: 'Timeout' });
    expect(delivery).toMatchObject({ status: 'Pending', duration_ms: 30_000 });
    expect(delivery!.next_attempt_at).toBe(new Date(ctx.clock.now() + 1000).toISOString());
    await ctx.clock.advance(1000);
    await until(() => r.requests.length === 2, 10_000, 'retry received');
  });

  it('maxAttempts and retryDelaysSeconds are configurable (5 attempts, 2 s apart)', async () => {
    const r = await receiver(() => ({ status: 503 }));
    const { ctx, orgId } = await setup(r.url);
    configureVoxifiDelivery(ctx, { maxAttempts: 5, retryDelaysSeconds: [2] });
    const t0 = ctx.clock.now();
    const [delivery] = await deliverVoxifiEvent(ctx, orgId, 'call.ended', ENDED);
    for (let n = 1; n <= 5; n++) {
      await until(() => delivery!.attempts.length === n);
      if (n < 5) await ctx.clock.advance(2000);
    }
    await until(() => delivery!.status === 'Failed');
    expect(delivery!.attempts.map((a) => Date.parse(a.at) - t0)).toEqual([0, 2000, 4000, 6000, 8000]);
  });

  it('with refreshTimestampPerAttempt off, retries re-send the first timestamp', async () => {
    const r = await receiver((_q, i) => (i < 2 ? { status: 500 } : { status: 200 }));
    const { ctx, orgId } = await setup(r.url);
    configureVoxifiDelivery(ctx, { refreshTimestampPerAttempt: false });
    const [delivery] = await deliverVoxifiEvent(ctx, orgId, 'call.ended', ENDED);
    await until(() => delivery!.attempts.length === 1);
    await ctx.clock.advance(1000);
    await until(() => delivery!.attempts.length === 2);
    await ctx.clock.advance(2000);
    await until(() => delivery!.status === 'Delivered');
    expect(new Set(r.requests.map((q) => q.headers['x-webhook-timestamp'])).size).toBe(1);
    expect(new Set(r.requests.map((q) => q.headers['x-webhook-signature'])).size).toBe(1);
  });

  it('reset cancels pending retries and in-flight requests', async () => {
    const r = await receiver((_q, i) => (i === 0 ? { status: 500 } : 'hang'));
    const { mock, ctx, orgId } = await setup(r.url);
    const [delivery] = await deliverVoxifiEvent(ctx, orgId, 'call.ended', ENDED);
    await until(() => delivery!.attempts.length === 1);
    await mock.reset();
    await ctx.clock.advance(120_000);
    await new Promise((res) => setTimeout(res, 20));
    expect(r.requests).toHaveLength(1);
    expect(ctx.store.vxDeliveries.count()).toBe(0);

    // In flight: the reset aborts it and nothing is recorded afterwards.
    const { ctx: ctx2, orgId: org2, mock: mock2 } = await setup(r.url);
    const [second] = await deliverVoxifiEvent(ctx2, org2, 'call.ended', ENDED);
    await until(() => r.requests.length === 2);
    await mock2.reset();
    await ctx2.clock.advance(120_000);
    await new Promise((res) => setTimeout(res, 20));
    expect(second!.attempts).toHaveLength(0);
    expect(r.requests).toHaveLength(2);
  });
});
