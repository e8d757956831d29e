// An optional window onto the call engine for measuring tools (voicemock load): who listens is
// kept per mock, and with no listener the engine pays one size check per event. Observers must
// not throw or change the call; they only note times.
import type { MockContext } from '../../core/context.ts';
import type { SfvCall } from '../../sfvopi/model.ts';

/** What the user's server sent on the stream, or what we sent back that it asked for. */
export type StreamEventKind = 'playAudio' | 'checkpoint' | 'clearAudio' | 'invalid' | 'playedStream';

export interface CallObserver {
  /** The answer webhook (with its fallback) settled: took `ms` of clock time. */
  answerWebhook?(call: SfvCall, ms: number, ok: boolean): void;
  /** The stream's WebSocket opened `connectMs` after we started connecting. */
  streamOpen?(call: SfvCall, connectMs: number): void;
  /** A `media` frame went out to the user's server; `count` so far on this stream. */
  mediaSent?(call: SfvCall, count: number): void;
  /** `audioMs` is the length of a playAudio frame's audio. */
  streamEvent?(call: SfvCall, kind: StreamEventKind, audioMs: number): void;
  /** A message the user's server sent on the stream, as it came (text or binary), before any check. */
  streamMessage?(call: SfvCall, data: unknown): void;
  /** The call is over: its final status, failure and hangup webhook are settled. */
  ended?(call: SfvCall): void;
}

declare module '../../core/context.ts' {
  interface Engines {
    /** Who watches this mock's SFVoPI calls (load runs). */
    sfvopiObservers: Set<CallObserver>;
  }
}

export const callObservers = (ctx: MockContext): Set<CallObserver> => ctx.engines.sfvopiObservers;

export function observe<K extends keyof CallObserver>(ctx: MockContext, kind: K, ...args: Parameters<NonNullable<CallObserver[K]>>): void {
  const set = ctx.engines.sfvopiObservers;
  if (set.size === 0) return;
  for (const o of set) {
    try {
      (o[kind] as ((...a: unknown[]) => void) | undefined)?.(...args);
    } catch {
      // A measuring tool's bug must not break the call.
    }
  }
}

/** Whether anyone listens, so the hot path can skip building arguments. */
export function observed(ctx: MockContext): boolean {
  return ctx.engines.sfvopiObservers.size > 0;
}
