// What every stream of one mock shares: the tick that wakes them and the byte budget of their
// recordings. Stream activity goes out on the mock's bus as 'sfvopi.stream', stamped with the
// clock's time: a load test measures an agent's response time from it.
import type { MockContext } from '../../core/context.ts';
import type { RecordingBudget } from '../../audio/recorder.ts';
import { FRAME_MS } from '../../audio/codec.ts';
import { createTicker, type Ticker } from './ticker.ts';

export type StreamActivity =
  | { type: 'started'; call_uuid: string; stream_id: string; at: number }
  | { type: 'media'; call_uuid: string; at: number; frame: number }
  | { type: 'play_audio'; call_uuid: string; at: number; samples: number }
  | { type: 'checkpoint'; call_uuid: string; at: number; name: string }
  | { type: 'played_stream'; call_uuid: string; at: number; name: string }
  | { type: 'clear_audio'; call_uuid: string; at: number }
  | { type: 'invalid'; call_uuid: string; at: number; reason: string }
  | { type: 'closed'; call_uuid: string; at: number };

declare module '../../core/bus.ts' {
  interface BusEvents {
    /** A stream's activity, one per media frame included: listeners run on the frame path, so keep them cheap. */
    'sfvopi.stream': StreamActivity;
  }
}

export interface StreamEngine {
  ticker: Ticker;
  budget: RecordingBudget;
}

export function createStreamEngine(ctx: MockContext): StreamEngine {
  return {
    ticker: createTicker(ctx.clock, FRAME_MS),
    budget: { maxBytes: ctx.config.recording.maxBytes, used: 0 },
  };
}
