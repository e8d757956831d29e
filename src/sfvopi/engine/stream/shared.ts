// What every stream of one mock shares: the tick that wakes them and the byte budget of their
// recordings. (What a measuring tool sees of streams goes through observer.ts.)
import type { MockContext } from '../../../core/context.ts';
import type { RecordingBudget } from '../../../audio/recorder.ts';
import { FRAME_MS } from '../../../audio/codec.ts';
import { createTicker, type Ticker } from '../ticker.ts';

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
