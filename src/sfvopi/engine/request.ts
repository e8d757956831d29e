// How a webhook travels: POST with a JSON body, or GET with the fields as query parameters
// (SFVoPI does not document GET; this is voicemock's choice). Timeouts run on the mock's clock,
// so a virtual clock tests them without waiting.
import type { MockContext } from '../../core/context.ts';
import type { components } from '../../generated/control-api.ts';
import { VERSION } from '../../core/version.ts';
import { runtimeOf } from './runtime.ts';

export type WebhookTarget = components['schemas']['WebhookTarget'];

export function webhookRequest(target: WebhookTarget, payload: object, signal: AbortSignal): [string, RequestInit] {
  const headers: Record<string, string> = { 'user-agent': `voicemock/${VERSION}`, accept: 'application/json' };
  if (target.method === 'GET') {
    const url = new URL(target.url);
    for (const [key, value] of Object.entries(payload)) url.searchParams.set(key, String(value));
    return [url.toString(), { method: 'GET', headers, signal, redirect: 'manual' }];
  }
  headers['content-type'] = 'application/json';
  return [target.url, { method: 'POST', headers, body: JSON.stringify(payload), signal, redirect: 'manual' }];
}

/** The underlying reason of a failed fetch: `connect ECONNREFUSED 127.0.0.1:1` rather than `fetch failed`. */
export function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { message?: unknown; code?: unknown } } | null)?.cause;
  if (cause && typeof cause === 'object') {
    if (typeof cause.message === 'string' && cause.message !== '') return cause.message;
    if (typeof cause.code === 'string') return cause.code;
  }
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * Fetches with a timeout measured on ctx.clock; `read` consumes the body under the same
 * deadline. `controller` lets the caller abort (the call ended) as well.
 */
export async function timedFetch<T>(
  ctx: MockContext,
  target: WebhookTarget,
  payload: object,
  timeoutMs: number,
  controller: AbortController,
  read: (response: Response) => Promise<T>,
): Promise<{ ok: true; response: Response; value: T } | { ok: false; timedOut: boolean; error: unknown }> {
  let timedOut = false;
  const { timers } = runtimeOf(ctx);
  const timer = timers.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const [url, init] = webhookRequest(target, payload, controller.signal);
    const response = await ctx.fetch(url, init);
    const value = await read(response);
    return { ok: true, response, value };
  } catch (error) {
    return { ok: false, timedOut, error };
  } finally {
    timers.clearTimeout(timer);
  }
}
