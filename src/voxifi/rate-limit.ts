// Fixed-window rate limit per API key, on the mock's clock: `requests` per `perSeconds`.
import type { MockContext } from '../core/context.ts';

/** Counts one request; returns null when allowed, else whole seconds until the window ends (>= 1). */
export function takeRequest(ctx: MockContext, key: string, limit: { requests: number; perSeconds: number }): number | null {
  const now = ctx.clock.now();
  const windowMs = limit.perSeconds * 1000;
  let window = ctx.rateWindows.get(key);
  if (!window || now >= window.start + windowMs) {
    window = { start: now, count: 0 };
    ctx.rateWindows.set(key, window);
  }
  window.count += 1;
  if (window.count <= limit.requests) return null;
  return Math.max(1, Math.ceil((window.start + windowMs - now) / 1000));
}
