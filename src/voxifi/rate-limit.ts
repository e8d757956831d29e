// Fixed-window rate limit per API key, on the mock's clock: `requests` per `perSeconds`. The
// default limit is the `voxifiRateLimit` option; the windows are this mock's, emptied on reset.
import type { MockContext } from '../core/context.ts';

export interface RateLimit {
  requests: number;
  perSeconds: number;
}

declare module '../core/context.ts' {
  interface MockConfig {
    /** Default Voxifi API rate limit per key; organisations can override it. */
    voxifiRateLimit: RateLimit;
  }
  interface Engines {
    /** Fixed-window request counters per API key, for the Voxifi 429. */
    voxifiRateWindows: RateWindows;
  }
}

export type RateWindows = Map<string, { start: number; count: number }>;

export const DEFAULT_VOXIFI_RATE_LIMIT: Readonly<RateLimit> = Object.freeze({ requests: 100, perSeconds: 60 });

export function createRateWindows(ctx: MockContext): RateWindows {
  const windows: RateWindows = new Map();
  ctx.onReset.add(() => windows.clear());
  return windows;
}

/** Counts one request; returns null when allowed, else whole seconds until the window ends (>= 1). */
export function takeRequest(ctx: MockContext, key: string, limit: RateLimit): number | null {
  const windows = ctx.engines.voxifiRateWindows;
  const now = ctx.clock.now();
  const windowMs = limit.perSeconds * 1000;
  let window = windows.get(key);
  if (!window || now >= window.start + windowMs) {
    window = { start: now, count: 0 };
    windows.set(key, window);
  }
  window.count += 1;
  if (window.count <= limit.requests) return null;
  return Math.max(1, Math.ceil((window.start + windowMs - now) / 1000));
}
