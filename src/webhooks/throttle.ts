// Per-endpoint sliding-window rate limit (docs §4.9): at most `limit` attempt starts in any
// `periodMs`; the rest wait in arrival order and go out as slots free up (held, never dropped).

export interface Throttle<T> {
  /** Start times of recent attempts, ascending. */
  starts: number[];
  /** Waiting items, oldest first. */
  held: T[];
  /** Clock timer that wakes the queue when the oldest start leaves the window. */
  wake: number | null;
}

export function createThrottle<T>(): Throttle<T> {
  return { starts: [], held: [], wake: null };
}

function prune(t: Throttle<unknown>, now: number, periodMs: number): void {
  // A start at s stops counting at s + periodMs exactly.
  let drop = 0;
  while (drop < t.starts.length && t.starts[drop]! + periodMs <= now) drop++;
  if (drop) t.starts.splice(0, drop);
}

/** Takes the next held items that fit in the window now, recording their starts. */
export function release<T>(t: Throttle<T>, now: number, limit: number, periodMs: number): T[] {
  prune(t, now, periodMs);
  const out: T[] = [];
  while (t.held.length && t.starts.length < limit) {
    out.push(t.held.shift()!);
    t.starts.push(now);
  }
  return out;
}

/**
 * When each still-held item will start if nothing jumps the queue: item k takes the slot freed by
 * the k-th start in the window, and items beyond `limit` take slots freed by earlier held items.
 */
export function projectedStarts(t: Throttle<unknown>, limit: number, periodMs: number): number[] {
  const slots = [...t.starts];
  const out: number[] = [];
  for (let k = 0; k < t.held.length; k++) {
    const at = slots[slots.length - limit]! + periodMs;
    out.push(at);
    slots.push(at);
  }
  return out;
}
