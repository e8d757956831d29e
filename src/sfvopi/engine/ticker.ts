// One clock timer for every stream of a mock, instead of one per stream re-armed every frame.
// Members keep their own schedule (frame k due at origin + k × period) and send what is due
// as of the time the ticker gives them; the ticker only wakes them. Members whose schedules
// share a phase share a timer. On a real clock every member is put on one phase (its origin
// moved back by less than a period, so the first frame still comes within a period of the
// start): one timer wakes all streams, like the floor. On a virtual clock each member keeps its
// exact origin, so a test's schedule is exact; streams opened at one instant still share a timer.
//
// Why a frame is never skipped on a tick on which it was due (each has a test in
// test/streams/cadence.test.ts):
// - Every member of one wake-up is ticked as of the same instant, at least the boundary the
//   timer was armed for: the clock crossing the boundary during the loop cannot leave the
//   first members with nothing due and the rest with a frame.
// - A timer that fires before its boundary (Node arms timers from the loop's cached time,
//   stale by the work done in that turn, so a busy tick's next timer fires early by as much)
//   waits out the rest instead of ticking with nothing due. Up to EARLY_MS early counts as on
//   time: Date.now has whole milliseconds, the loop's timers their own.
// - The next timer is armed for the boundary after the one just ticked, not after "now": a
//   tick that ran long fires the next at once instead of skipping a boundary.
// - A member that joins after a tick as of boundary B, while the clock still reads before B,
//   gets B as its origin: its first frame is due at the next boundary, not at B (which the
//   ticker has passed and would only send, doubled, a period late).
import type { Clock } from '../../core/clock.ts';
import { createTimers } from '../../core/timers.ts';

export interface TickMember {
  /** Sends what is due as of `asOf` (never reading the clock itself); must not throw (a throw is contained and the others still run). */
  tick(asOf: number): void;
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
  /** The boundary the timer is armed for. */
  boundary: number;
  /** Its members are being ticked: one joining now is ticked in this loop and re-armed after it. */
  firing: boolean;
}

/** A timer firing this much before its boundary is on time (whole-millisecond clocks). */
export const EARLY_MS = 1;

export function createTicker(clock: Clock, periodMs: number): Ticker {
  const phases = new Map<number, Phase>();
  const timers = createTimers(clock);
  let grid: number | null = null;
  /** The latest instant any phase was ticked as of. */
  let tickedAsOf = -Infinity;
  const phaseOf = (t: number) => ((t % periodMs) + periodMs) % periodMs;
  /** The first boundary of the phase strictly after t. */
  const nextAfter = (phase: number, t: number) => phase + (Math.floor((t - phase) / periodMs) + 1) * periodMs;

  const arm = (p: Phase, boundary: number) => {
    p.boundary = boundary;
    p.timer = timers.setTimeout(() => fire(p), Math.max(0, boundary - clock.now()));
  };

  const fire = (p: Phase) => {
    p.timer = null;
    const now = clock.now();
    if (now < p.boundary - EARLY_MS) {
      arm(p, p.boundary);
      return;
    }
    const asOf = Math.max(now, p.boundary);
    tickedAsOf = Math.max(tickedAsOf, asOf);
    p.firing = true;
    for (const member of p.members) {
      try {
        member.tick(asOf);
      } catch {
        // A member's failure is its own; the others keep their schedule.
      }
    }
    p.firing = false;
    if (p.members.size > 0 && p.timer === null) arm(p, nextAfter(p.phase, asOf));
  };

  return {
    originFor(now) {
      if (clock.kind !== 'real') return now;
      grid ??= now;
      const t = Math.max(now, tickedAsOf);
      return grid + Math.floor((t - grid) / periodMs) * periodMs;
    },
    join(member, origin) {
      const phase = phaseOf(origin);
      let p = phases.get(phase);
      if (!p) {
        p = { phase, members: new Set(), timer: null, boundary: 0, firing: false };
        phases.set(phase, p);
      }
      p.members.add(member);
      if (p.timer === null && !p.firing) arm(p, nextAfter(phase, origin));
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
