// Built-in webhook receivers: named endpoints under /__voicemock/receivers/{name}/hook that
// record what they receive and answer as configured (a sequence of statuses, a body, a delay on
// the mock's clock, signature checking). Scenario files use them to make "your server" behave a
// certain way and to expect the webhooks it got, in-process and over HTTP alike.
import type { MockContext } from '../core/context.ts';
import { fail, json } from '../core/operation.ts';
import { controlError } from './provider.ts';
import { verifyWebhookSignature } from '../webhooks/signature.ts';
import { changed } from '../core/changes.ts';
import { createTimers, type Timers } from '../core/timers.ts';

export interface ReceiverBehaviour {
  /** Answered in turn; the last one repeats. Default [200]. */
  statuses?: number[];
  /** JSON body to answer with (default `{}`); `raw` sends text as is instead. */
  body?: unknown;
  raw?: string;
  /** Wait this long on the mock's clock before answering (a slow or hung receiver). */
  delay_ms?: number;
  /** Check X-Webhook-Signature with this secret; a bad one is answered 401. */
  verify_secret?: string;
}

export interface Received {
  /** Position among everything this receiver got since it was set up (0-based); paging counts by it. */
  index: number;
  at: string;
  method: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  signature: 'valid' | 'invalid' | 'unchecked';
  status: number;
}

/** What is kept of a request: the body as the text that came, parsed only when read (a 1 MiB `[{},{},…]` is 1 MiB as text, far more as objects). */
export interface Kept extends Omit<Received, 'body'> {
  rawBody: string;
}

export interface Receiver {
  behaviour: ReceiverBehaviour;
  received: Kept[];
  /** Requests ever received; the oldest kept one has index `total - received.length`. */
  total: number;
  /** Bytes accounted to each kept entry and its arrival order across receivers, in step with `received`. */
  kept: Array<{ size: number; seq: number }>;
}

export interface Receivers {
  byName: Map<string, Receiver>;
  /** Bytes held by every receiver's entries together (bounded by maxReceivedBytes). */
  bytes: number;
  /** Arrival counter across receivers, to find the oldest entry of all. */
  seq: number;
  /** Answer delays. Not cleared on reset: a delayed answer still goes out, to whoever waits. */
  timers: Timers;
}

declare module '../core/context.ts' {
  interface Engines {
    receivers: Receivers;
  }
}

export function createReceivers(ctx: MockContext): Receivers {
  const fresh: Receivers = { byName: new Map(), bytes: 0, seq: 0, timers: createTimers(ctx.clock) };
  ctx.onReset.add(() => {
    fresh.byName.clear();
    fresh.bytes = 0;
  });
  return fresh;
}

const state = (ctx: MockContext): Receivers => ctx.engines.receivers;

export function receivers(ctx: MockContext): ReadonlyMap<string, Receiver> {
  return state(ctx).byName;
}

/** Past maxReceivers a new name is refused (an existing one can always be reconfigured). */
function limitReached(ctx: MockContext): never {
  const max = ctx.config.maxReceivers;
  fail(controlError(409, 'limit_reached', `At most ${max} receivers (maxReceivers); reset the mock or raise --max-receivers`));
}

export function configureReceiver(ctx: MockContext, name: string, behaviour: ReceiverBehaviour): Receiver {
  const all = state(ctx);
  const existing = all.byName.get(name);
  if (existing) {
    existing.behaviour = behaviour;
    changed(ctx.bus, 'receivers');
    return existing;
  }
  if (all.byName.size >= ctx.config.maxReceivers) limitReached(ctx);
  const receiver: Receiver = { behaviour, received: [], total: 0, kept: [] };
  all.byName.set(name, receiver);
  changed(ctx.bus, 'receivers');
  return receiver;
}

/** Drops the oldest entry of one receiver. */
function dropOldest(all: Receivers, receiver: Receiver): void {
  receiver.received.shift();
  all.bytes -= receiver.kept.shift()?.size ?? 0;
}

/** Frees room for `size` more bytes by dropping the oldest entries across all receivers. */
function makeRoom(all: Receivers, size: number, max: number): void {
  while (all.bytes + size > max) {
    let oldest: Receiver | undefined;
    for (const r of all.byName.values()) {
      if (r.kept.length > 0 && (!oldest || r.kept[0]!.seq < oldest.kept[0]!.seq)) oldest = r;
    }
    if (!oldest) return;
    dropOldest(all, oldest);
  }
}

export interface ReceiverPage {
  name: string;
  url: string;
  behaviour: ReceiverBehaviour;
  received: Received[];
  total: number;
  dropped: number;
  next_offset: number | null;
}

/** A page also ends once its bodies pass this many bytes (one entry at least): parsing them costs more than their text. */
const PAGE_BODY_BYTES = 1024 * 1024;

function parsedBody(rawBody: string): unknown {
  if (rawBody === '') return null;
  try {
    return JSON.parse(rawBody);
  } catch {
    return rawBody; // kept as text
  }
}

/** One page of what a receiver got, oldest first: `offset` is an entry index, `limit` at most 1000 (default 100). */
export function receiverState(ctx: MockContext, name: string, url: URL): ReceiverPage {
  const receiver = receivers(ctx).get(name);
  if (!receiver) fail(controlError(404, 'not_found', `no receiver ${name}`));
  const limit = Math.min(1000, Math.max(1, Number(url.searchParams.get('limit') ?? 100) || 100));
  const first = receiver.total - receiver.received.length;
  const offset = Math.max(first, Number(url.searchParams.get('offset') ?? 0) || 0);
  const received: Received[] = [];
  let bytes = 0;
  for (const { rawBody, ...entry } of receiver.received.slice(offset - first, offset - first + limit)) {
    if (received.length > 0 && bytes + rawBody.length > PAGE_BODY_BYTES) break;
    bytes += rawBody.length;
    received.push({ ...entry, body: parsedBody(rawBody) });
  }
  const next = offset + received.length;
  return {
    name,
    url: `${url.origin}/__voicemock/receivers/${name}/hook`,
    behaviour: receiver.behaviour,
    received,
    total: receiver.total,
    dropped: first,
    next_offset: next < receiver.total ? next : null,
  };
}

export async function receive(ctx: MockContext, name: string, request: Request, rawBody: string): Promise<Response> {
  const all = state(ctx);
  const receiver = all.byName.get(name) ?? configureReceiver(ctx, name, {});
  const { behaviour } = receiver;
  const url = new URL(request.url);
  let status = behaviour.statuses?.[Math.min(receiver.received.length, behaviour.statuses.length - 1)] ?? 200;
  let signature: Received['signature'] = 'unchecked';
  let reason: string | undefined;
  if (behaviour.verify_secret !== undefined) {
    const result = await ctx.clock.hold(verifyWebhookSignature({
      rawBody,
      signature: request.headers.get('x-webhook-signature') ?? undefined,
      timestamp: request.headers.get('x-webhook-timestamp') ?? undefined,
      secret: behaviour.verify_secret,
      now: ctx.clock.now(),
    }));
    signature = result.ok ? 'valid' : 'invalid';
    if (!result.ok) {
      status = 401;
      reason = result.reason;
    }
  }
  const entry: Kept = {
    index: receiver.total,
    at: new Date(ctx.clock.now()).toISOString(),
    method: request.method,
    query: Object.fromEntries(url.searchParams),
    headers: Object.fromEntries(request.headers),
    rawBody,
    signature,
    status,
  };
  // What it costs to keep: the body's text (two bytes a character at most) plus headers and query.
  let size = 2 * rawBody.length + 256;
  for (const [k, v] of Object.entries(entry.headers)) size += k.length + v.length;
  for (const [k, v] of Object.entries(entry.query)) size += k.length + v.length;
  const { maxReceivedPerReceiver, maxReceivedBytes } = ctx.config;
  while (receiver.received.length >= Math.max(1, maxReceivedPerReceiver)) dropOldest(all, receiver);
  makeRoom(all, size, maxReceivedBytes);
  receiver.total++;
  // Larger than the whole budget on its own: counted, but not kept.
  if (size <= maxReceivedBytes) {
    receiver.received.push(entry);
    receiver.kept.push({ size, seq: all.seq++ });
    all.bytes += size;
  }
  changed(ctx.bus, 'receivers');
  if (behaviour.delay_ms) await all.timers.sleep(behaviour.delay_ms);
  if (reason) return json(401, { error: 'Invalid signature', reason });
  if (behaviour.raw !== undefined) return new Response(behaviour.raw, { status, headers: { 'content-type': 'text/plain' } });
  return json(status, behaviour.body ?? {});
}

export const isReceiverUrl = (url: string) => /\/__voicemock\/receivers\/[^/]+\/hook(\?|$)/.test(url);
