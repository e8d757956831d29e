// What one open stream holds, shared by its parts (outgoing messages, frames, the playback
// queue, client messages, close): the call it belongs to, its configuration, the record the
// control API shows (call.stream), its socket and where it is in its life.
import type { MockContext } from '../../../core/context.ts';
import type { SfvCall } from '../../model.ts';
import type { StreamSocket } from '../../../core/socket.ts';
import type { FrameFormat } from '../../../audio/source.ts';
import { createRecorder, type Recorder, type RecordingSink } from '../../../audio/recorder.ts';
import { samplesPerFrame } from '../../../audio/codec.ts';
import type { components } from '../../../generated/openapi.ts';
import type { StreamEventKind } from '../observer.ts';
import type { StreamEngine } from './shared.ts';
import { streamLimitsOf, type StreamLimits } from '../limits.ts';

/** The Stream JSON an answer webhook returns (answer.ts checks it); the stream runs on its config. */
export type StreamJson = components['schemas']['StreamJson'];
export type StreamConfig = Required<StreamJson['stream']>;

export interface StreamHooks {
  onOpen(): void;
  /** The socket ended without us closing it: the server closed it, or it never connected. */
  onLost(reason: 'server_closed' | 'connect_failed', detail: string): void;
  /** Optional, for measuring tools (see engine/observer.ts): what the server sent, as it arrives. */
  onClientEvent?(kind: StreamEventKind, audioMs: number): void;
  /** Optional, for measuring tools: a `media` frame went out; `count` so far on this stream. */
  onMediaSent?(count: number): void;
  /** Optional, for measuring tools: a message the server sent, as it came (before the budget and any check). */
  onClientMessage?(data: unknown): void;
}

export type StreamRecord = NonNullable<SfvCall['stream']>;

export interface LiveStream {
  readonly ctx: MockContext;
  readonly call: SfvCall;
  readonly config: StreamConfig;
  readonly hooks: StreamHooks;
  readonly engine: StreamEngine;
  readonly id: string;
  readonly format: FrameFormat;
  /** The stream as the control API shows it (call.stream). */
  readonly record: StreamRecord;
  readonly recorder: Recorder;
  socket: StreamSocket | null;
  /** The socket opened (once); closing: we started closing it; finished: nothing more happens. */
  opened: boolean;
  closing: boolean;
  finished: boolean;
  /** Notes made once per stream (an event that would otherwise repeat every message). */
  readonly noted: Set<string>;
  readonly limits: StreamLimits;
  /** The server sent a message over maxStreamMessageBytes, and the mock closed the stream for it. */
  tooBig: boolean;
}

const DIRECTION_TAG = { BOTH: 'BI', INBOUND: 'IN', OUTBOUND: 'OUT' } as const;

export function streamIdFor(ctx: MockContext, config: StreamConfig): string {
  return `SFV_STRM_${DIRECTION_TAG[config.direction]}_${ctx.ids.ulid(ctx.clock.now())}`;
}

export function createLiveStream(
  ctx: MockContext, call: SfvCall, config: StreamConfig, hooks: StreamHooks, engine: StreamEngine, sink?: RecordingSink,
): LiveStream {
  const id = streamIdFor(ctx, config);
  const rate = config.sample_rate;
  const record: StreamRecord = {
    stream_id: id, url: config.url, codec: config.codec, sample_rate: rate, direction: config.direction,
    bidirectional: config.bidirectional, stream_timeout: config.stream_timeout, keep_call_alive: config.keep_call_alive,
    connected_at: null, closed_at: null, close_reason: null,
    media_sent: 0, play_received: 0, played_ms: 0, queued_ms: 0, queued_bytes: 0, recorded_ms: 0, dtmf_sent: 0, out_dropped: 0, in_dropped: 0,
  };
  call.stream = record;
  return {
    ctx, call, config, hooks, engine, id, record,
    format: { codec: config.codec, sampleRate: rate, frameSamples: samplesPerFrame(rate) },
    recorder: createRecorder(rate, ctx.config.recording.maxSeconds, { budget: engine.budget, sink }),
    socket: null, opened: false, closing: false, finished: false, noted: new Set(), limits: streamLimitsOf(ctx), tooBig: false,
  };
}

/** Milliseconds of audio in `samples` at the stream's rate. */
export const msOf = (live: LiveStream, samples: number): number => Math.round((samples * 1000) / live.format.sampleRate);

export const nowIso = (live: LiveStream): string => new Date(live.ctx.clock.now()).toISOString();

/** Whether messages from the server are still handled and frames still sent. */
export const isLive = (live: LiveStream): boolean => !live.closing && !live.finished;
