// What every stream of one mock shares: the tick that wakes them, the byte budget of their
// recordings, and one "sfvCalls changed" per turn of the event loop for all their counters
// (instead of one per frame per stream). (What a measuring tool sees of streams goes through
// observer.ts.)
import type { MockContext } from '../../../core/context.ts';
import { changed } from '../../../core/changes.ts';
import type { RecordingBudget } from '../../../audio/recorder.ts';
import { FRAME_MS } from '../../../audio/codec.ts';
import { createTicker, type Ticker } from '../ticker.ts';

export interface StreamEngine {
  ticker: Ticker;
  budget: RecordingBudget;
  /** A stream's counters moved: the bus hears it once, after the current tick or message. */
  countersChanged(): void;
}

export function createStreamEngine(ctx: MockContext): StreamEngine {
  let pending = false;
  const announce = () => {
    pending = false;
    changed(ctx.bus, 'sfvCalls');
  };
  return {
    ticker: createTicker(ctx.clock, FRAME_MS),
    budget: { maxBytes: ctx.config.recording.maxBytes, used: 0 },
    countersChanged() {
      if (pending) return;
      pending = true;
      queueMicrotask(announce);
    },
  };
}
