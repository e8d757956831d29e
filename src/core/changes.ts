// "Something changed" on the mock's bus: a store table, the clock, the active scenarios, a
// receiver, a reset, a stream's counters. The control API's event stream (the inspector)
// listens; with nobody listening an emit is one map lookup.
import type { Bus } from './bus.ts';

declare module './bus.ts' {
  interface BusEvents {
    /** `topic`: a store table name, or clock, scenarios, receivers, reset, sfvCalls. */
    changed: { topic: string };
  }
}

export function changed(bus: Bus, topic: string): void {
  bus.emit('changed', { topic });
}
