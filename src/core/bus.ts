// A per-mock change bus: modules say what changed (a table, the journal, the clock...) and
// listeners (the control API's event stream) hear it once per microtask, with the topics
// coalesced. With nobody listening, emit is one size check, so the hot path pays nothing.
export type Listener = (topics: string[]) => void;

export interface Bus {
  emit(topic: string): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void;
  readonly listeners: number;
}

export function createBus(): Bus {
  const listeners = new Set<Listener>();
  let pending: Set<string> | null = null;
  const flush = () => {
    const topics = [...pending!];
    pending = null;
    for (const listener of [...listeners]) {
      // A listener's failure (a closed stream) must not stop the others or reach the emitter.
      try { listener(topics); } catch { /* ignored */ }
    }
  };
  return {
    emit(topic) {
      if (listeners.size === 0) return;
      if (pending) {
        pending.add(topic);
        return;
      }
      pending = new Set([topic]);
      queueMicrotask(flush);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    get listeners() { return listeners.size; },
  };
}
