// When a stream's frames are due: frame k at origin + k × 20 ms, so the schedule never drifts
// whatever the timer's lateness. A stream that falls behind (a blocked event loop on a real
// clock) catches up by at most MAX_FRAMES_PER_TICK frames in one go and drops the rest of the
// backlog, so a stall never turns into a burst longer than a second.
import { FRAME_MS } from '../../../audio/codec.ts';

/** Catch-up bound: at most 1 s of frames in a burst. */
export const MAX_FRAMES_PER_TICK = 50;

export interface FrameSchedule {
  readonly origin: number;
  /** Frames counted so far (sent, or skipped past the catch-up bound). */
  readonly frames: number;
  /** How many frames to send as of `asOf`; counts them as sent. */
  take(asOf: number): number;
}

export function createFrameSchedule(origin: number): FrameSchedule {
  let frames = 0;
  return {
    origin,
    get frames() { return frames; },
    take(asOf) {
      let due = Math.floor((asOf - origin) / FRAME_MS) - frames;
      if (due <= 0) return 0;
      if (due > MAX_FRAMES_PER_TICK) {
        frames += due - MAX_FRAMES_PER_TICK;
        due = MAX_FRAMES_PER_TICK;
      }
      frames += due;
      return due;
    },
  };
}
