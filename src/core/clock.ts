// One injectable clock for everything time-based. Virtual in tests and in-process (advanced
// explicitly, so a 10 s timeout takes no wall time); real in `voicemock serve`.
export interface Clock {
  readonly kind: 'virtual' | 'real';
  now(): number;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
  /** Virtual clocks run due timers in time order; real clocks reject this. */
  advance(ms: number): Promise<void>;
}

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

export const VIRTUAL_EPOCH = Date.UTC(2026, 0, 1, 9, 0, 0);

export function createVirtualClock(start = VIRTUAL_EPOCH): Clock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, Timer>();
  return {
    kind: 'virtual',
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { id, at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(id) {
      timers.delete(id);
    },
    async advance(ms) {
      const target = now + Math.max(0, ms);
      for (;;) {
        let due: Timer | undefined;
        for (const t of timers.values()) if (t.at <= target && (!due || t.at < due.at || (t.at === due.at && t.id < due.id))) due = t;
        if (!due) break;
        timers.delete(due.id);
        now = due.at;
        due.fn();
        // Let promise chains started by the timer settle before the next one fires.
        // (setImmediate is Node's; a browser has only setTimeout. A bare `setImmediate ?` would throw there.)
        await new Promise<void>((r) => (typeof setImmediate === 'function' ? setImmediate(r) : setTimeout(r, 0)));
      }
      now = target;
    },
  };
}

export function createRealClock(timeScale = 1): Clock {
  const origin = Date.now();
  const handles = new Map<number, ReturnType<typeof setTimeout>>();
  let nextId = 1;
  return {
    kind: 'real',
    now: () => origin + (Date.now() - origin) * timeScale,
    setTimeout(fn, ms) {
      const id = nextId++;
      handles.set(id, setTimeout(() => { handles.delete(id); fn(); }, ms / timeScale));
      return id;
    },
    clearTimeout(id) {
      const h = handles.get(id);
      if (h) clearTimeout(h);
      handles.delete(id);
    },
    async advance() {
      throw new Error('advance() needs a virtual clock');
    },
  };
}

export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}
