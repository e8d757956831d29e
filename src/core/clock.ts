// One injectable clock for everything time-based. Virtual in tests and in-process (advanced
// explicitly, so a 10 s timeout takes no wall time); real in `voicemock serve`.
export interface Clock {
  readonly kind: 'virtual' | 'real';
  /** Real clocks: mock seconds per real second (`--time-scale`), so a reader can tick it. */
  readonly scale?: number;
  now(): number;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
  /** Virtual clocks run due timers in time order; real clocks reject this. */
  advance(ms: number): Promise<void>;
  /**
   * Work that finishes on its own, without the clock (WebCrypto signing runs on a worker
   * thread): a virtual clock's advance waits for it before the next timer, so what a test sees
   * never depends on how busy the machine is. Never hold work that waits on this clock.
   */
  hold<T>(work: Promise<T>): Promise<T>;
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
  const held = new Set<Promise<unknown>>();
  const settle = async () => {
    // Let promise chains started by the timer settle, and held work finish, before the next one fires.
    for (;;) {
      await new Promise<void>((r) => (typeof setImmediate === 'function' ? setImmediate(r) : setTimeout(r, 0)));
      if (held.size === 0) return;
      await Promise.allSettled([...held]); // then one more turn for what it lets continue
    }
  };
  return {
    kind: 'virtual',
    hold(work) {
      held.add(work);
      const done = () => void held.delete(work);
      work.then(done, done);
      return work;
    },
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
        await settle();
      }
      await settle();
      now = target;
    },
  };
}

/** The longest wait a runtime timer takes as it is (Node and browsers: a 32-bit signed count of ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function createRealClock(timeScale = 1): Clock {
  const origin = Date.now();
  const handles = new Map<number, ReturnType<typeof setTimeout>>();
  let nextId = 1;
  return {
    kind: 'real',
    scale: timeScale,
    now: () => origin + (Date.now() - origin) * timeScale,
    setTimeout(fn, ms) {
      const id = nextId++;
      const fire = () => { handles.delete(id); fn(); };
      const wait = ms / timeScale;
      if (!(wait > MAX_TIMER_MS)) {
        handles.set(id, setTimeout(fire, wait));
        return id;
      }
      // The runtime fires a timer of more than 2^31-1 ms at once: a longer wait goes in steps.
      const due = Date.now() + wait;
      const step = () => {
        const left = due - Date.now();
        handles.set(id, left > MAX_TIMER_MS ? setTimeout(step, MAX_TIMER_MS) : setTimeout(fire, Math.max(0, left)));
      };
      step();
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
    hold: (work) => work,
  };
}

export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}
