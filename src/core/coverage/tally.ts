// What one mock's clients have faced: a count per outcome, and per organisation. Kept on the
// mock (ctx.engines.coverage, made on first count) and, unlike the store, kept across reset:
// a suite resets before every test and wants the whole run's coverage at the end.
import type { MockContext } from '../context.ts';

export interface Tally {
  counts: Map<string, number>;
  byOrg: Map<number, Map<string, number>>;
  /** Organisations tallied apart, at most (default MAX_TALLIED_ORGS). */
  maxOrgs: number;
}

declare module '../context.ts' {
  interface Engines {
    coverage?: Tally;
  }
}

/**
 * Organisations tallied apart, at most. Ids come from a closed catalogue, so only the number
 * of organisations could grow; past this one the counts still go to the mock's total.
 */
export const MAX_TALLIED_ORGS = 10_000;

const emptyTally = (maxOrgs = MAX_TALLIED_ORGS): Tally => ({ counts: new Map(), byOrg: new Map(), maxOrgs });

export const tallyOf = (ctx: MockContext): Tally => (ctx.engines.coverage ??= emptyTally());

const bump = (map: Map<string, number>, id: string, by: number) => map.set(id, (map.get(id) ?? 0) + by);

/** Counts one outcome faced (by `by` at once, e.g. a batch of media frames). */
export function countOutcome(ctx: MockContext, id: string, orgId: number | null, by = 1): void {
  const tally = tallyOf(ctx);
  bump(tally.counts, id, by);
  if (orgId === null) return;
  let org = tally.byOrg.get(orgId);
  if (!org) {
    if (tally.byOrg.size >= tally.maxOrgs) return;
    tally.byOrg.set(orgId, (org = new Map()));
  }
  bump(org, id, by);
}

export function clearTally(ctx: MockContext): void {
  ctx.engines.coverage = emptyTally(ctx.engines.coverage?.maxOrgs);
}
