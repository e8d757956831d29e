// Load runs started through the control API, per mock, with the report each one gives. At most
// MAX_LOAD_RUNS are kept: the oldest finished ones go first; a reset cancels and forgets them.
import type { MockContext } from '../core/context.ts';
import type { LoadRun } from './runner.ts';
import type { ThresholdSpec } from './report.ts';

export const MAX_LOAD_RUNS = 20;

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

export function keepRun(ctx: MockContext, kept: KeptRun): void {
  const runs = loadRuns(ctx);
  runs.set(kept.id, kept);
  for (const [id, k] of runs) {
    if (runs.size <= MAX_LOAD_RUNS) break;
    if (k.run.progress().status !== 'running') runs.delete(id);
  }
}
