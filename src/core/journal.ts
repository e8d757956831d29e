// Bounded request journal: a ring buffer, so a long-running server never grows without limit.
import type { components } from '../generated/control-api.ts';

// The journal's shapes are control-api.yaml's: GET /__voicemock/journal returns them as they are.
export type Violation = components['schemas']['Violation'];
export type JournalEntry = components['schemas']['JournalEntry'];

declare module './bus.ts' {
  interface BusEvents {
    /** Every request, as the journal recorded it. */
    journal: JournalEntry;
  }
}

export interface Journal {
  readonly capacity: number;
  readonly total: number;
  record(entry: Omit<JournalEntry, 'id'>): JournalEntry;
  list(filter?: { limit?: number; unmatched?: boolean; violations?: boolean }): JournalEntry[];
  clear(): void;
}

export function createJournal(capacity = 1000): Journal {
  const ring: JournalEntry[] = new Array(capacity);
  let total = 0;
  let nextId = 1;
  let size = 0;
  let head = 0; // index of the next write
  return {
    capacity,
    get total() { return total; },
    record(entry) {
      const full = { id: nextId++, ...entry };
      ring[head] = full;
      head = (head + 1) % capacity;
      if (size < capacity) size++;
      total++;
      return full;
    },
    list({ limit = 100, unmatched, violations } = {}) {
      const out: JournalEntry[] = [];
      for (let i = 1; i <= size && out.length < limit; i++) {
        const e = ring[(head - i + capacity) % capacity]!;
        if (unmatched && e.matched) continue;
        if (violations && e.violations.length === 0) continue;
        out.push(e);
      }
      return out;
    },
    clear() {
      size = 0;
      head = 0;
      total = 0;
    },
  };
}
