// The Voxifi webhook delivery engine (docs §4): one delivery per subscribed endpoint and event,
// signed POSTs with a timeout, retries with backoff, a per-endpoint rate limit, a dead letter
// queue and replay. Everything runs on ctx.clock, so with a virtual clock a test steps through
// the whole 31 s retry schedule without waiting. createDeliveryEngine subscribes it to the
// mock's Voxifi call events.
//
// Bounds: at most `maxLoggedAttempts` attempts per delivery and `maxDeliveriesPerOrg` deliveries
// per organisation (oldest settled ones evicted first; Pending ones are never evicted).
import type { MockContext } from '../core/context.ts';
import type { VxDelivery, VxWebhook } from '../voxifi/model.ts';
import { isoMillis } from '../core/clock.ts';
import { signWebhook } from '../webhooks/signature.ts';
import { buildEnvelope, isoSeconds } from '../webhooks/envelope.ts';
import { postWebhook, type AttemptResult } from '../webhooks/attempt.ts';
import { createTimers, type Timers } from '../core/timers.ts';
import { countDelivery } from './coverage.ts';
import { classify, DEFAULT_DELIVERY_CONFIG, retryDelayMs, type DeliveryConfig } from '../webhooks/policy.ts';
import { createThrottle, projectedStarts, release, type Throttle } from '../webhooks/throttle.ts';
import type { VoxifiEventType } from './webhook-events.ts';

export { DEFAULT_DELIVERY_CONFIG, type DeliveryConfig } from '../webhooks/policy.ts';

type Attempt = VxDelivery['attempts'][number];

export interface DeliveryEngine {
  config: DeliveryConfig;
  /** Live clock timers (retries, rate-limit wake-ups, timeouts), cancelled on reset. */
  timers: Timers;
  /** Abort functions of requests in flight, called on reset. */
  aborts: Set<() => void>;
  /** Rate-limit window and held queue per webhook id. */
  endpoints: Map<string, Throttle<VxDelivery>>;
  /** The timestamp signed in the current series, for refreshTimestampPerAttempt = false. */
  seriesTimestamps: Map<string, string>;
  /** Bumped on reset: work started before it is dropped when it settles. */
  generation: number;
}

declare module '../core/context.ts' {
  interface Engines {
    voxifiDelivery: DeliveryEngine;
  }
}

const engineOf = (ctx: MockContext): DeliveryEngine => ctx.engines.voxifiDelivery;

/** One per mock, so two mocks in one process (parallel tests) never share timers or limits. */
export function createDeliveryEngine(ctx: MockContext): DeliveryEngine {
  const created: DeliveryEngine = {
    config: { ...DEFAULT_DELIVERY_CONFIG, rateLimit: { ...DEFAULT_DELIVERY_CONFIG.rateLimit } },
    // An engine bug in a timer leaves the delivery as it was and the caller's advance() intact.
    timers: createTimers(ctx.clock, { contain: true }),
    aborts: new Set(),
    endpoints: new Map(),
    seriesTimestamps: new Map(),
    generation: 0,
  };
  ctx.onReset.add(() => resetEngine(created));
  // Fire-and-forget: nothing from delivery may reach the call engine.
  ctx.bus.on('voxifi.event', ({ orgId, type, data }) => {
    deliverVoxifiEvent(ctx, orgId, type, data).catch(() => {});
  });
  return created;
}

function resetEngine(engine: DeliveryEngine): void {
  engine.generation++;
  engine.timers.clear();
  for (const abort of [...engine.aborts]) abort();
  engine.aborts.clear();
  engine.endpoints.clear();
  engine.seriesTimestamps.clear();
}

/** The delivery settings of one mock (see DeliveryConfig for the defaults). They survive reset. */
export function configureVoxifiDelivery(ctx: MockContext, changes: Partial<DeliveryConfig> = {}): Readonly<DeliveryConfig> {
  const engine = engineOf(ctx);
  engine.config = { ...engine.config, ...changes };
  return engine.config;
}

/**
 * Creates one Pending delivery per enabled, subscribed webhook of the org and starts them.
 * Resolves once the records exist; the attempts go on in the background.
 */
export async function deliverVoxifiEvent(ctx: MockContext, orgId: number, type: VoxifiEventType, data: Record<string, unknown>): Promise<VxDelivery[]> {
  const engine = engineOf(ctx);
  const org = ctx.store.orgs.get(String(orgId));
  if (!org) return [];
  const hooks = ctx.store.vxWebhooks.where('orgId', orgId).filter((w) => w.enabled && w.events.includes(type));
  if (hooks.length === 0) return [];
  const now = ctx.clock.now();
  // One event, one event_id and body for every endpoint and every retry (receivers dedupe on it).
  const { envelope, body } = buildEnvelope({
    event_type: type,
    event_id: `evt_${ctx.ids.token(24)}`,
    timestamp: isoSeconds(now),
    organization_id: org.voxifiOrgId,
    data,
  });
  const generation = engine.generation;
  const created: VxDelivery[] = [];
  for (const hook of hooks) {
    const delivery = await ctx.store.vxDeliveries.insert({
      id: `dlv_${ctx.ids.token(24)}`,
      orgId,
      seq: ctx.store.nextSeq(),
      body,
      webhook_id: hook.id,
      event_id: envelope.event_id,
      event_type: type,
      timestamp: envelope.timestamp,
      status: 'Pending',
      response_code: null,
      duration_ms: null,
      attempt: 0,
      dead_lettered: false,
      next_attempt_at: isoMillis(now),
      attempts: [],
    });
    if (generation !== engine.generation) return created; // reset while inserting
    ctx.store.lists.vxDeliveries.add(delivery);
    created.push(delivery);
    enqueue(ctx, engine, delivery);
  }
  trimDeliveries(ctx, engine, orgId);
  return created;
}

/** Takes a dead letter off the queue and starts a new series with a fresh timestamp and signature. */
export function replayDeadLetter(ctx: MockContext, delivery: VxDelivery): VxDelivery {
  if (!delivery.dead_lettered) return delivery;
  const engine = engineOf(ctx);
  engine.seriesTimestamps.delete(delivery.id);
  ctx.store.vxDeliveries.patch(delivery, {
    dead_lettered: false,
    status: 'Pending',
    attempt: 0,
    response_code: null,
    duration_ms: null,
    next_attempt_at: isoMillis(ctx.clock.now()),
  });
  enqueue(ctx, engine, delivery);
  return delivery;
}

/** Joins the endpoint's queue; the rate limit decides when it goes out. */
function enqueue(ctx: MockContext, engine: DeliveryEngine, delivery: VxDelivery): void {
  let throttle = engine.endpoints.get(delivery.webhook_id);
  if (!throttle) engine.endpoints.set(delivery.webhook_id, (throttle = createThrottle()));
  // Bounded: past maxHeldDeliveries waiting for the rate limit, the newest go to the DLQ (replayable).
  if (throttle.held.length >= ctx.config.maxHeldDeliveries) return deadLetter(ctx, engine, delivery);
  throttle.held.push(delivery);
  pump(ctx, engine, delivery.webhook_id, throttle);
}

function pump(ctx: MockContext, engine: DeliveryEngine, webhookId: string, throttle: Throttle<VxDelivery>): void {
  const { attempts, perSeconds } = engine.config.rateLimit;
  const limit = Math.max(1, attempts); // 0 would hold everything forever
  const periodMs = perSeconds * 1000;
  const now = ctx.clock.now();
  for (const delivery of release(throttle, now, limit, periodMs)) void attempt(ctx, engine, delivery);
  if (throttle.held.length === 0) return;
  const starts = projectedStarts(throttle, limit, periodMs);
  throttle.held.forEach((d, i) => { d.next_attempt_at = isoMillis(starts[i]!); });
  // The earliest free slot only moves later as the window fills, so one wake-up timer suffices.
  if (throttle.wake === null) {
    throttle.wake = engine.timers.setTimeout(() => {
      throttle.wake = null;
      pump(ctx, engine, webhookId, throttle);
    }, starts[0]! - now);
  }
}

async function attempt(ctx: MockContext, engine: DeliveryEngine, delivery: VxDelivery): Promise<void> {
  const generation = engine.generation;
  const { config } = engine;
  try {
    const hook = ctx.store.vxWebhooks.get(delivery.webhook_id);
    // Deleted or disabled since the event: nothing is sent; the DLQ keeps it for a replay.
    if (!hook || !hook.enabled) return deadLetter(ctx, engine, delivery);
    // The clock may move while Web Crypto signs (a virtual clock advanced by a test): time the
    // attempt from when its rate-limit slot was taken.
    const startedAt = ctx.clock.now();
    const fresh = String(Math.floor(startedAt / 1000));
    const timestamp = config.refreshTimestampPerAttempt ? fresh : (engine.seriesTimestamps.get(delivery.id) ?? fresh);
    engine.seriesTimestamps.set(delivery.id, timestamp);
    const signature = await ctx.clock.hold(signWebhook(hook.secret, timestamp, delivery.body));
    if (generation !== engine.generation) return;
    delivery.next_attempt_at = null;
    let abort: (() => void) | null = null;
    const result = await postWebhook({
      fetch: ctx.fetch,
      timers: engine.timers,
      url: hook.url,
      body: delivery.body,
      headers: { 'Content-Type': 'application/json', 'X-Webhook-Signature': signature, 'X-Webhook-Timestamp': timestamp },
      timeoutMs: config.timeoutMs,
      startedAt,
      responseBodyBytes: config.responseBodyBytes,
      onAbortable(fn) {
        if (abort) engine.aborts.delete(abort);
        abort = fn;
        if (fn) engine.aborts.add(fn);
      },
    });
    if (generation !== engine.generation) return;
    settle(ctx, engine, delivery, hook, result);
  } catch {
    // An engine bug, never the receiver's doing (postWebhook does not throw): do not leave it Pending.
    if (generation === engine.generation) deadLetter(ctx, engine, delivery);
  }
}

function settle(ctx: MockContext, engine: DeliveryEngine, delivery: VxDelivery, hook: VxWebhook, result: AttemptResult): void {
  const { config } = engine;
  const { outcome } = result;
  const number = delivery.attempt + 1;
  const entry: Attempt = {
    attempt: number,
    at: isoMillis(result.startedAt),
    response_code: outcome.kind === 'connection' ? null : outcome.status,
    response_body: outcome.kind === 'response' ? outcome.body : null,
    duration_ms: result.durationMs,
    error: outcome.kind === 'timeout' ? 'Timeout' : outcome.kind === 'connection' ? outcome.message : null,
  };
  const attempts = [...delivery.attempts, entry];
  if (attempts.length > config.maxLoggedAttempts) attempts.splice(0, attempts.length - config.maxLoggedAttempts);
  ctx.store.vxDeliveries.patch(delivery, { attempt: number, attempts, response_code: entry.response_code, duration_ms: entry.duration_ms });

  const now = ctx.clock.now();
  const verdict = classify(outcome, config);
  countDelivery(ctx, outcome, verdict, delivery.orgId);
  if (verdict === 'delivered') {
    ctx.store.vxDeliveries.patch(delivery, { status: 'Delivered', next_attempt_at: null });
    ctx.store.vxWebhooks.patch(hook, { last_success_at: isoMillis(now), consecutive_failures: 0 });
    engine.seriesTimestamps.delete(delivery.id);
    return;
  }
  // Health counts failed attempts, not failed deliveries: a 6-attempt dead letter adds 6.
  ctx.store.vxWebhooks.patch(hook, { consecutive_failures: hook.consecutive_failures + 1, total_failures: hook.total_failures + 1 });
  const delay = verdict === 'retry' ? retryDelayMs(number, config) : null;
  if (delay === null) return deadLetter(ctx, engine, delivery);
  ctx.store.vxDeliveries.patch(delivery, { next_attempt_at: isoMillis(now + delay) });
  engine.timers.setTimeout(() => enqueue(ctx, engine, delivery), delay);
}

function deadLetter(ctx: MockContext, engine: DeliveryEngine, delivery: VxDelivery): void {
  ctx.store.vxDeliveries.patch(delivery, { status: 'Failed', dead_lettered: true, next_attempt_at: null });
  engine.seriesTimestamps.delete(delivery.id);
}

/** Evicts the oldest settled deliveries of an org beyond the cap, down to 90 % of it (amortised). */
function trimDeliveries(ctx: MockContext, engine: DeliveryEngine, orgId: number): void {
  const max = engine.config.maxDeliveriesPerOrg;
  // OrgLists has no removal; `of` returns its live array, so it is compacted in place.
  const list = ctx.store.lists.vxDeliveries.of(orgId) as VxDelivery[];
  if (list.length <= max) return;
  let excess = list.length - Math.floor(max * 0.9);
  const kept: VxDelivery[] = [];
  for (const d of list) {
    if (excess > 0 && d.status !== 'Pending') {
      ctx.store.vxDeliveries.remove(d);
      excess--;
    } else kept.push(d);
  }
  list.length = 0;
  for (const d of kept) list.push(d);
}
