// What every stream of one mock shares: the tick that wakes them, the byte budget of their
// recordings, and observers of stream activity (a load test measures an agent's response time
// from these, with the clock's time of each event).
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

/** Called synchronously on the stream's path: keep it cheap, and it must not throw. */
export type StreamObserver = (activity: StreamActivity) => void;

export interface StreamEngine {
  ticker: Ticker;
  budget: RecordingBudget;
  observers: Set<StreamObserver>;
}

export function createStreamEngine(ctx: MockContext): StreamEngine {
  return {
    ticker: createTicker(ctx.clock, FRAME_MS),
    budget: { maxBytes: ctx.config.recording.maxBytes, used: 0 },
    observers: new Set(),
  };
}

export function notifyObservers(engine: StreamEngine, activity: StreamActivity): void {
  for (const observer of engine.observers) {
    try {
      observer(activity);
    } catch {
      // An observer's failure must not break the stream.
    }
  }
}
