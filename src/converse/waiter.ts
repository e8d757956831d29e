// Waiting on a conversation: a condition re-checked whenever the call's observer sees
// something (a media frame every 20 ms at least, while the stream is open), or a deadline on
// the mock's clock, whichever comes first.
import type { Clock } from '../core/clock.ts';

export interface Waiter {
  /** Resolves true once cond() holds, false when the clock reaches `deadline` first. */
  until(cond: () => boolean, deadline: number): Promise<boolean>;
  /** Something happened: re-check the conditions. */
  poke(): void;
  /** Resolves every wait with its condition now (the call is over). */
  release(): void;
}

export function createWaiter(clock: Clock): Waiter {
  const waiting = new Set<() => boolean>();
  const poke = () => {
    for (const check of [...waiting]) if (check()) waiting.delete(check);
  };
  return {
    until(cond, deadline) {
      if (cond()) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        let timer = 0;
        const check = () => {
          if (!cond()) return false;
          clock.clearTimeout(timer);
          resolve(true);
          return true;
        };
        waiting.add(check);
        timer = clock.setTimeout(() => {
          waiting.delete(check);
          resolve(cond());
        }, Math.max(0, deadline - clock.now()));
      });
    },
    poke,
    release() {
      for (const check of [...waiting]) {
        waiting.delete(check);
        check();
      }
    },
  };
}
