// A delivery end to end: envelope, headers, signature as a strict receiver checks it, the
// delivery record and the endpoint health; plus who gets deliveries and who does not.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deliverVoxifiEvent, configureVoxifiDelivery } from '../../src/voxifi/delivery-engine.ts';
import { emitVoxifiEvent } from '../../src/voxifi/webhook-events.ts';
import { verifyWebhookSignature } from '../../src/index.ts';
import { addWebhook, ENDED, SECRET, setup, until, useReceivers, type Received } from './helpers.ts';

const receiver = useReceivers();

/** Independent of src/: node:crypto HMAC over the raw bytes received, constant-time compare. */
function independentlyValid(req: Received, secret: string): boolean {
  const header = String(req.headers['x-webhook-signature'] ?? '');
  const timestamp = String(req.headers['x-webhook-timestamp'] ?? '');
  if (!header.startsWith('sha256=')) return false;
  const got = Buffer.from(header.slice(7), 'hex');
  const want = createHmac('sha256', secret).update(`${timestamp}.`).update(req.rawBody).digest();
  return got.length === want.length && timingSafeEqual(got, want);
}

describe('webhook delivery', () => {
  it('POSTs the signed envelope and marks the delivery Delivered', async () => {
    const r = await receiver(() => ({ status: 200, body: 'ok' }));
    const { ctx, orgId, voxifiOrgId, hook } = await setup(r.url);
    const [delivery] = await deliverVoxifiEvent(ctx, orgId, 'call.ended', ENDED);
    expect(delivery).toBeDefined();
    await until(() => delivery!.status === 'Delivered', 10_000, 'Delivered');

    expect(r.requests).toHaveLength(1);
    const req = r.requests[0]!;
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-webhook-timestamp']).toBe(String(Math.floor(ctx.clock.now() / 1000)));
    expect(req.headers['x-webhook-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(independentlyValid(req, SECRET)).toBe(true);

    // Compact JSON in the documented key order, exactly the stored body.
    expect(req.text).toBe(delivery!.body);
    const envelope = JSON.parse(req.text);
    expect(Object.keys(envelope)).toEqual(['event_type', 'event_id', 'timestamp', 'organization_id', 'data']);
    expect(envelope).toMatchObject({ event_type: 'call.ended', organization_id: voxifiOrgId, data: ENDED });
    expect(envelope.event_id).toMatch(/^evt_[A-Za-z0-9]+$/);
    expect(envelope.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(req.text).toBe(JSON.stringify(envelope));

    expect(delivery).toMatchObject({
      webhook_id: hook.id, event_id: envelope.event_id, event_type: 'call.ended', timestamp: envelope.timestamp,
      status: 'Delivered', response_code: 200, attempt: 1, dead_lettered: false, next_attempt_at: null,
    });
    expect(delivery!.id).toMatch(/^dlv_[A-Za-z0-9]+$/);
    expect(delivery!.attempts).toEqual([
      { attempt: 1, at: new Date(ctx.clock.now()).toISOString(), response_code: 200, response_body: 'ok', duration_ms: 0, error: null },
    ]);
    expect(ctx.store.vxDeliveries.get(delivery!.id)).toBe(delivery);
    expect(ctx.store.lists.vxDeliveries.of(orgId)).toContain(delivery);
    expect(hook).toMatchObject({ last_success_at: new Date(ctx.clock.now()).toISOString(), consecutive_failures: 0, total_failures: 0 });
  });

  it('a receiver that verifies signatures accepts ours and rejects a tampered copy', async () => {
    const strict = (req: Received) => (independentlyValid(req, SECRET) ? { status: 200 } : { status: 401, body: 'Invalid signature' });
    const r = await receiver(strict);
    const { ctx, orgId } = await setup(r.url);
    const [delivery] = await deliverVoxifiEvent(ctx, orgId, 'call.failed', { call_id: 'call_1', failure_reason: 'Call was not answered', error_code: 'no_answer' });
    await until(() => delivery!.status !== 'Pending');
    expect(delivery!.status).toBe('Delivered');

    // Our exported verifier agrees with the independent one on the bytes received.
    const genuine = r.requests[0]!;
    const verdict = await verifyWebhookSignature({
      rawBody: genuine.rawBody, signature: genuine.headers['x-webhook-signature'] as string,
      timestamp: genuine.headers['x-webhook-timestamp'] as string, secret: SECRET, now: ctx.clock.now(),
    });
    expect(verdict).toEqual({ ok: true });

    // Replay the same headers with the body changed by one character: rejected.
    const tampered = genuine.text.replace('no_answer', 'no_answeR');
    const res = await fetch(r.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-webhook-signature': genuine.headers['x-webhook-signature'] as string,
        'x-webhook-timestamp': genuine.headers['x-webhook-timestamp'] as string,
      },
      body: tampered,
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('Invalid signature');
  });

  it('goes through the events.ts sink, to every enabled subscribed webhook of the org only', async () => {
    const a = await receiver(() => ({ status: 204 }));
    const b = await receiver(() => ({ status: 200 }));
    const off = await receiver(() => ({ status: 200 }));
    const other = await receiver(() => ({ status: 200 }));
    const { mock, ctx, orgId } = await setup(a.url);
    await addWebhook(ctx, orgId, b.url, { events: ['call.ended'] });
    await addWebhook(ctx, orgId, off.url, { enabled: false });
    await addWebhook(ctx, orgId, other.url, { events: ['call.started'] });
    const stranger = await mock.createOrg({ name: 'Other org' });
    await addWebhook(ctx, stranger.org_id, other.url);

    emitVoxifiEvent(ctx, orgId, 'call.ended', ENDED);
    await until(() => a.requests.length === 1 && b.requests.length === 1);
    await until(() => ctx.store.lists.vxDeliveries.of(orgId).every((d) => d.status === 'Delivered'));
    expect(ctx.store.lists.vxDeliveries.of(orgId)).toHaveLength(2);
    // Same event, same event_id and body on every endpoint.
    expect(a.requests[0]!.text).toBe(b.requests[0]!.text);
    await new Promise((r) => setTimeout(r, 20));
    expect(off.requests).toHaveLength(0);
    expect(other.requests).toHaveLength(0);
  });

  it('keeps only the first 1 KiB of the answer', async () => {
    const r = await receiver(() => ({ status: 200, body: 'x'.repeat(5000) }));
    const { ctx, orgId } = await setup(r.url);
    const [delivery] = await deliverVoxifiEvent(ctx, orgId, 'call.ended', ENDED);
    await until(() => delivery!.status === 'Delivered');
    expect(delivery!.attempts[0]!.response_body).toBe('x'.repeat(1024));
  });

  it('bounds the log: the oldest settled deliveries of an org are evicted past the cap', async () => {
    const r = await receiver(() => ({ status: 200 }));
    const { ctx, orgId } = await setup(r.url);
    configureVoxifiDelivery(ctx, { maxDeliveriesPerOrg: 10, rateLimit: { attempts: 100, perSeconds: 60 } });
    const all = [];
    for (let i = 0; i < 25; i++) {
      const [d] = await deliverVoxifiEvent(ctx, orgId, 'call.ended', { ...ENDED, duration_seconds: i });
      all.push(d!);
      await until(() => d!.status === 'Delivered');
    }
    const kept = ctx.store.lists.vxDeliveries.of(orgId);
    expect(kept.length).toBeLessThanOrEqual(10);
    expect(kept.at(-1)).toBe(all.at(-1));
    expect(ctx.store.vxDeliveries.count()).toBe(kept.length);
    expect(ctx.store.vxDeliveries.get(all[0]!.id)).toBeUndefined();
  });
});
