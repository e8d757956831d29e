// Timeouts SFVoPI documents, the mock's own defaults, and the bounds that keep memory flat.
import type { MockContext } from '../../core/context.ts';

export const ANSWER_TIMEOUT_MS = 10_000; // per answer_url and per fallback_answer_url
export const NOTIFY_TIMEOUT_MS = 5_000; // ring and hangup webhooks
export const DEFAULT_RING_SECONDS = 2; // callee answers (or is busy, or fails) after this
export const DEFAULT_TALK_SECONDS = 30; // simulated party hangs up after this much talk
export const MAX_CALLS = 500; // call records kept; the oldest finished ones go first
export const MAX_EVENTS = 200; // per call; lifecycle events are kept past it
export const MAX_RECORDING_SECONDS = 600; // per call
export const MAX_RECORDINGS = 10; // streams whose recording is kept
export const MAX_QUEUED_SECONDS = 600; // playAudio audio waiting to play, per stream
export const CLOSE_GRACE_MS = 1_000; // on the mock's clock: how long to wait for a WebSocket close handshake

// Per-stream bounds on the media plane, configurable (createVoicemock `config`, `voicemock serve`
// flags; README "Limits and safety"). SFVoPI documents none of these; they keep one stream's
// peer from growing the mock's memory or starving the other streams and the HTTP API.

declare module '../../core/limits.ts' {
  interface Limits {
    /** Bytes the mock buffers for one stream's socket (`--max-stream-buffered-bytes`); past it, while the server does not read, frames and replies are dropped and counted. */
    maxStreamBufferedBytes?: number;
    /** Largest WebSocket message the mock takes from a stream (`--max-stream-message-bytes`); a bigger one closes the stream (the `ws` client refuses it at the header, finished or not: 1009). */
    maxStreamMessageBytes?: number;
    /** Messages from one stream's server handled per 20 ms tick (`--max-stream-messages-per-tick`); the rest are dropped unread and counted. */
    maxStreamMessagesPerTick?: number;
    /** Bytes one stream holds for what waits to play (`--max-stream-queued-bytes`): playAudio audio as stored and pending checkpoint names; past it, later playAudio and checkpoints are dropped. */
    maxStreamQueuedBytes?: number;
    /** SFVoPI calls in progress at once, every organisation together (`--max-live-calls`); past it a new call is refused. */
    maxLiveCalls?: number;
  }
}

/** Calls in progress hold their timers, stream and recording until they end (call_time_limit: 4 h by default). */
export const DEFAULT_MAX_LIVE_CALLS = 1000;

export const maxLiveCallsOf = (ctx: MockContext): number => ctx.config.maxLiveCalls ?? DEFAULT_MAX_LIVE_CALLS;

export interface StreamLimits {
  maxStreamBufferedBytes: number;
  maxStreamMessageBytes: number;
  maxStreamMessagesPerTick: number;
  maxStreamQueuedBytes: number;
}

export const DEFAULT_STREAM_LIMITS: Readonly<StreamLimits> = Object.freeze({
  maxStreamBufferedBytes: 1024 * 1024, // tens of seconds of frames at any codec
  maxStreamMessageBytes: 8 * 1024 * 1024, // a playAudio of about a minute of 16 kHz L16
  maxStreamMessagesPerTick: 200, // 10,000 messages a second
  maxStreamQueuedBytes: 16 * 1024 * 1024, // 15 min of G.711 as sent (600 s apply first), 8.7 min of 16 kHz L16, 2.9 of 48 kHz
});

export function streamLimitsOf(ctx: MockContext): StreamLimits {
  const c = ctx.config;
  return {
    maxStreamBufferedBytes: c.maxStreamBufferedBytes ?? DEFAULT_STREAM_LIMITS.maxStreamBufferedBytes,
    maxStreamMessageBytes: c.maxStreamMessageBytes ?? DEFAULT_STREAM_LIMITS.maxStreamMessageBytes,
    maxStreamMessagesPerTick: c.maxStreamMessagesPerTick ?? DEFAULT_STREAM_LIMITS.maxStreamMessagesPerTick,
    maxStreamQueuedBytes: c.maxStreamQueuedBytes ?? DEFAULT_STREAM_LIMITS.maxStreamQueuedBytes,
  };
}
