// Stopping a serving mock: SFVoPI calls still live are hung up (their stream closed, their
// hangup webhook sent) and the mock waits for that, within a bound; whatever is left when the
// bound runs out is cut by the reset that follows.
import type { MockContext } from '../../core/context.ts';
import { runtimeOf } from './runtime.ts';
import { hangupByParty } from './lifecycle.ts';

export interface Drained {
  /** Calls that ended and sent their hangup webhook in time. */
  ended: number;
  /** Calls still ending when the bound ran out. */
  cut: number;
}

export async function drainCalls(ctx: MockContext, boundMs: number): Promise<Drained> {
  const runs = [...runtimeOf(ctx).runs.values()];
  for (const run of runs) if (!run.ending) hangupByParty(ctx, run);
  // The bound is the process's shutdown budget in wall time, not a mock delay: it must run out
  // even on a virtual clock that nobody advances any more, so it is not on ctx.clock.
  const deadline = performance.now() + boundMs;
  while (runs.some((r) => !r.call.ended) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const ended = runs.filter((r) => r.call.ended).length;
  return { ended, cut: runs.length - ended };
}
