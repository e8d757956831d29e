// Built-in webhook receivers: named endpoints under /__voicemock/receivers/{name}/hook that
// record what they receive and answer as configured (a sequence of statuses, a body, a delay on
// the mock's clock, signature checking). Scenario files use them to make "your server" behave a
// certain way and to expect the webhooks it got, in-process and over HTTP alike.
import type { MockContext } from '../core/context.ts';
import { json } from '../core/operation.ts';
import { verifyWebhookSignature } from '../webhooks/signature.ts';
import { changed } from '../core/changes.ts';

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
  at: string;
  method: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  signature: 'valid' | 'invalid' | 'unchecked';
  status: number;
}

export interface Receiver {
  behaviour: ReceiverBehaviour;
  received: Received[];
}

/** Bound memory: at most this many requests kept per receiver. */
const MAX_RECEIVED = 1000;
declare module '../core/context.ts' {
  interface Engines {
    receivers: Map<string, Receiver>;
  }
}

export function createReceivers(ctx: MockContext): Map<string, Receiver> {
  const fresh = new Map<string, Receiver>();
  ctx.onReset.add(() => fresh.clear());
  return fresh;
}

export const receivers = (ctx: MockContext): Map<string, Receiver> => ctx.engines.receivers;

export function configureReceiver(ctx: MockContext, name: string, behaviour: ReceiverBehaviour): Receiver {
  const receiver = { behaviour, received: receivers(ctx).get(name)?.received ?? [] };
  receivers(ctx).set(name, receiver);
  changed(ctx.bus, 'receivers');
  return receiver;
}

export async function receive(ctx: MockContext, name: string, request: Request, rawBody: string): Promise<Response> {
  const receiver = receivers(ctx).get(name) ?? configureReceiver(ctx, name, {});
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
  let body: unknown = rawBody;
  try {
    body = rawBody === '' ? null : JSON.parse(rawBody);
  } catch {
    // kept as text
  }
  if (receiver.received.length >= MAX_RECEIVED) receiver.received.shift();
  receiver.received.push({
    at: new Date(ctx.clock.now()).toISOString(),
    method: request.method,
    query: Object.fromEntries(url.searchParams),
    headers: Object.fromEntries(request.headers),
    body,
    signature,
    status,
  });
  changed(ctx.bus, 'receivers');
  if (behaviour.delay_ms) await new Promise<void>((resolve) => ctx.clock.setTimeout(resolve, behaviour.delay_ms!));
  if (reason) return json(401, { error: 'Invalid signature', reason });
  if (behaviour.raw !== undefined) return new Response(behaviour.raw, { status, headers: { 'content-type': 'text/plain' } });
  return json(status, behaviour.body ?? {});
}

export const isReceiverUrl = (url: string) => /\/__voicemock\/receivers\/[^/]+\/hook(\?|$)/.test(url);
