// Conversation runs started through the control API, per mock, each with its report once it
// has finished. At most MAX_CONVERSE_RUNS are kept: the oldest finished ones go first; a reset
// forgets them (their calls are dropped by the engine's own reset). A run past the bound with
// every kept one still running is refused (roomForConversation).
import type { MockContext } from '../core/context.ts';
import type { ConverseReport } from './report.ts';

export const MAX_CONVERSE_RUNS = 20;

export interface KeptConversation {
  id: string;
  status: 'running' | 'completed' | 'failed';
  error?: string;
  report: ConverseReport | null;
}

declare module '../core/context.ts' {
  interface Engines {
    converseRuns: Map<string, KeptConversation>;
  }
}

export function createConverseRuns(ctx: MockContext): Map<string, KeptConversation> {
  const runs = new Map<string, KeptConversation>();
  ctx.onReset.add(() => runs.clear());
  return runs;
}

/** Why a new run may not start now (every kept run still running), or null. */
export function roomForConversation(ctx: MockContext): string | null {
  let active = 0;
  for (const k of ctx.engines.converseRuns.values()) if (k.status === 'running') active++;
  return active >= MAX_CONVERSE_RUNS ? `At most ${MAX_CONVERSE_RUNS} conversation runs at once; wait for one to finish` : null;
}

export function keepConversation(ctx: MockContext, kept: KeptConversation): void {
  const runs = ctx.engines.converseRuns;
  runs.set(kept.id, kept);
  for (const [id, k] of runs) {
    if (runs.size <= MAX_CONVERSE_RUNS) break;
    if (k.status !== 'running') runs.delete(id);
  }
}
