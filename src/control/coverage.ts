// Contract coverage as the control API serves it: the catalogue (the contract's outcomes,
// then each provider's outcomes beyond REST) and the report of one mock.
import type { MockContext } from '../core/context.ts';
import { json, type Resolver } from '../core/operation.ts';
import { contractOutcomes, type OutcomeDef } from '../core/coverage/outcomes.ts';
import { buildReport, type CoverageReport } from '../core/coverage/report.ts';
import { clearTally, tallyOf } from '../core/coverage/tally.ts';
import { openapiDocument } from '../generated/openapi-document.ts';
import { sfvopiStreamOutcomes } from '../sfvopi/coverage.ts';
import { voxifiDeliveryOutcomes } from '../voxifi/coverage.ts';

let catalogue: OutcomeDef[] | undefined;

/** Every outcome a report lists, grouped by provider then operation. */
export function coverageCatalogue(): OutcomeDef[] {
  if (catalogue) return catalogue;
  const all = [...contractOutcomes(openapiDocument), ...sfvopiStreamOutcomes, ...voxifiDeliveryOutcomes];
  const providers = [...new Set(all.map((d) => d.provider))];
  const operations = [...new Set(all.map((d) => d.operation))];
  // Stable sort: document order within an operation.
  return (catalogue = all.toSorted((a, b) => providers.indexOf(a.provider) - providers.indexOf(b.provider) || operations.indexOf(a.operation) - operations.indexOf(b.operation)));
}

export function coverageReport(ctx: MockContext, options: { orgId?: number | null } = {}): CoverageReport {
  return buildReport(coverageCatalogue(), tallyOf(ctx), options.orgId ?? null);
}

export const coverageResolvers: Record<string, Resolver<null>> = {
  getCoverage: ({ ctx, query }) => json(200, coverageReport(ctx, { orgId: query.has('org_id') ? Number(query.get('org_id')) : null })),
  clearCoverage: ({ ctx }) => {
    clearTally(ctx);
    return json(200, { cleared: true });
  },
};
