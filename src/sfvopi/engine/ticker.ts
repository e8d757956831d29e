// One clock timer for every stream of a mock, instead of one per stream re-armed every frame.
// Members keep their own schedule (frame k due at origin + k × period) and send what is due
// when woken; the ticker only wakes them. Members whose schedules share a phase share a timer.
// On a real clock every member is put on one phase (its origin moved back by less than a
// period, so the first frame still comes within a period of the start): one timer wakes all
// streams, like the floor. On a virtual clock each member keeps its exact origin, so a test's
// schedule is exact; streams opened at one instant still share a timer.
import type { Clock } from '../../core/clock.ts';
import { createTimers } from '../../core/timers.ts';

export interface TickMember {
  /** Sends what is due by `now`; must not throw (a throw is contained and the others still run). */
  tick(now: number): void;
}

export interface Ticker {
  /** The origin a member starting now gets. */
  originFor(now: number): number;
  /** Wakes member at every period boundary of its origin until the returned leave() is called. */
  join(member: TickMember, origin: number): () => void;
  /** Timers armed right now (one per phase in use); for tests. */
  readonly timers: number;
}

interface Phase {
  phase: number;
  members: Set<TickMember>;
  timer: number | null;
}

export function createTicker(clock: Clock, periodMs: number): Ticker {
  const phases = new Map<number, Phase>();
  const timers = createTimers(clock);
  let grid: number | null = null;
  const phaseOf = (t: number) => ((t % periodMs) + periodMs) % periodMs;
  /** The first boundary of the phase strictly after t. */
  const nextAfter = (phase: number, t: number) => phase + (Math.floor((t - phase) / periodMs) + 1) * periodMs;

  const arm = (p: Phase) => {
    const now = clock.now();
    p.timer = timers.setTimeout(() => fire(p), nextAfter(p.phase, now) - now);
  };

  const fire = (p: Phase) => {
    p.timer = null;
    const now = clock.now();
    for (const member of p.members) {
      try {
        member.tick(now);
      } catch {
        // A member's failure is its own; the others keep their schedule.
      }
    }
    if (p.members.size > 0 && p.timer === null) arm(p);
  };

  return {
    originFor(now) {
      if (clock.kind !== 'real') return now;
      grid ??= now;
      return grid + Math.floor((now - grid) / periodMs) * periodMs;
    },
    join(member, origin) {
      const phase = phaseOf(origin);
      let p = phases.get(phase);
      if (!p) {
        p = { phase, members: new Set(), timer: null };
        phases.set(phase, p);
      }
      p.members.add(member);
      if (p.timer === null) arm(p);
      const joined = p;
      return () => {
        if (!joined.members.delete(member) || joined.members.size > 0) return;
        timers.clearTimeout(joined.timer);
        joined.timer = null;
        phases.delete(joined.phase);
      };
    },
    get timers() {
      return timers.size;
    },
  };
}
