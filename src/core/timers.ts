// The one timer helper every engine uses: timers on the mock's clock, kept in a set so one call
// cancels them all (a reset, a call that ends, a run that is cancelled). A virtual clock then
// governs every delay, and nothing an engine scheduled fires into the state a reset left.
import type { Clock } from './clock.ts';

export interface Timers {
  now(): number;
  /** Runs fn after ms on the clock, unless cleared first. */
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number | null | undefined): void;
  /** Settles after ms on the clock; never, when clear() comes first. */
  sleep(ms: number): Promise<void>;
  /** Cancels every timer still pending. */
  clear(): void;
  /** Timers still pending. */
  readonly size: number;
}

export interface TimersOptions {
  /**
   * Catch what a callback throws: timers fire inside a virtual clock's advance(), which a
   * failing engine callback must not break (the engine's state stays as it was).
   */
  contain?: boolean;
}

export function createTimers(clock: Clock, options: TimersOptions = {}): Timers {
  const pending = new Set<number>();
  const timers: Timers = {
    now: () => clock.now(),
    setTimeout(fn, ms) {
      const id = clock.setTimeout(() => {
        pending.delete(id);
        if (!options.contain) return fn();
        try {
          fn();
        } catch {
          // see TimersOptions.contain
        }
      }, ms);
      pending.add(id);
      return id;
    },
    clearTimeout(id) {
      if (id === null || id === undefined) return;
      pending.delete(id);
      clock.clearTimeout(id);
    },
    sleep(ms) {
      return new Promise<void>((resolve) => void timers.setTimeout(resolve, ms));
    },
    clear() {
      for (const id of pending) clock.clearTimeout(id);
      pending.clear();
    },
    get size() {
      return pending.size;
    },
  };
  return timers;
}
