// Load runs started through the control API, per mock, with the report each one gives. At most
// maxLoadRuns are kept (20 by default): the oldest finished ones go first; and at most
// maxActiveLoadRuns run at once. A run that would pass either is refused before it starts
// (roomForRun). A reset cancels and forgets them.
import type { MockContext } from '../core/context.ts';
import type { LoadRun } from './runner.ts';
import type { ThresholdSpec } from './report.ts';


export interface KeptRun {
  id: string;
  run: LoadRun;
  plan: Record<string, unknown>;
  thresholds: ThresholdSpec[];
}

declare module '../core/context.ts' {
  interface Engines {
    loadRuns: Map<string, KeptRun>;
  }
}

export function createLoadRuns(ctx: MockContext): Map<string, KeptRun> {
  const created = new Map<string, KeptRun>();
  // The runs cancel themselves on reset (runner.ts); only the list is dropped here.
  ctx.onReset.add(() => created.clear());
  return created;
}

export const loadRuns = (ctx: MockContext): Map<string, KeptRun> => ctx.engines.loadRuns;

const running = (k: KeptRun) => k.run.progress().status === 'running';

/** Why a new run may not start now, or null: too many running, or every kept one still running. */
export function roomForRun(ctx: MockContext): string | null {
  const { maxLoadRuns, maxActiveLoadRuns } = ctx.config;
  let active = 0;
  for (const k of loadRuns(ctx).values()) if (running(k)) active++;
  if (active >= maxActiveLoadRuns) return `At most ${maxActiveLoadRuns} load runs at once (maxActiveLoadRuns); cancel one or raise --max-active-load-runs`;
  if (active >= maxLoadRuns) return `At most ${maxLoadRuns} load runs are kept (maxLoadRuns) and none has finished; cancel one or raise --max-load-runs`;
  return null;
}

export function keepRun(ctx: MockContext, kept: KeptRun): void {
  const runs = loadRuns(ctx);
  runs.set(kept.id, kept);
  for (const [id, k] of runs) {
    if (runs.size <= ctx.config.maxLoadRuns) break;
    if (!running(k)) runs.delete(id);
  }
}
