// A mock's event bus: engines announce what happened (a Voxifi call event, an SFVoPI call
// event, a journal entry), and whoever cares subscribes (webhook delivery, the inspector's
// event stream, tests). One per mock, so two mocks never hear each other. Listeners run
// synchronously and their failures are contained: an observer can never break the emitter.
export interface BusEvents {}

export type BusListener<K extends keyof BusEvents> = (payload: BusEvents[K]) => void;

export interface Bus {
  emit<K extends keyof BusEvents>(type: K, payload: BusEvents[K]): void;
  /** Returns the unsubscribe function. */
  on<K extends keyof BusEvents>(type: K, listener: BusListener<K>): () => void;
}

export function createBus(): Bus {
  const listeners = new Map<keyof BusEvents, Set<(payload: never) => void>>();
  return {
    emit(type, payload) {
      const set = listeners.get(type);
      if (!set) return;
      for (const listener of set) {
        try {
          (listener as BusListener<typeof type>)(payload);
        } catch {
          // a failing observer is its own problem
        }
      }
    },
    on(type, listener) {
      const set = listeners.get(type) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(type, set);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
}
