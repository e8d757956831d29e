// The coverage report: every outcome of the catalogue with how often it was faced and how to
// face it, and totals. Reports merge by outcome id, so shards and workers add up exactly.
import { hintText } from './hints.ts';
import type { OutcomeDef } from './outcomes.ts';
import type { Tally } from './tally.ts';

export const REPORT_FORMAT = 'voicemock-coverage/1';

/** An outcome as the report shows it: what the contract documents, how often it was faced, and how to face it. */
export interface CoverageItem extends OutcomeDef {
  /** How many times the user's code received it. */
  faced: number;
  /** How to face it, in one line (the hint, as text). */
  how: string;
}

export interface CoverageTotals {
  operations: { total: number; faced: number };
  outcomes: { total: number; faced: number };
}

export interface CoverageReport {
  format: typeof REPORT_FORMAT;
  /** The organisation the counts are for, or null for the whole mock. */
  org_id: number | null;
  totals: CoverageTotals;
  items: CoverageItem[];
}

export function totalsOf(items: readonly CoverageItem[]): CoverageTotals {
  const operations = new Map<string, boolean>();
  for (const item of items) {
    const key = `${item.provider} ${item.operation}`;
    operations.set(key, (operations.get(key) ?? false) || item.faced > 0);
  }
  return {
    operations: { total: operations.size, faced: [...operations.values()].filter(Boolean).length },
    outcomes: { total: items.length, faced: items.filter((i) => i.faced > 0).length },
  };
}

export function buildReport(defs: readonly OutcomeDef[], tally: Tally, orgId: number | null = null): CoverageReport {
  const counts = orgId === null ? tally.counts : (tally.byOrg.get(orgId) ?? new Map<string, number>());
  const items = defs.map((d): CoverageItem => ({
    id: d.id,
    provider: d.provider,
    operation: d.operation,
    status: d.status,
    message: d.message,
    example: d.example,
    faced: counts.get(d.id) ?? 0,
    how: hintText(d.hint),
    hint: d.hint,
  }));
  return { format: REPORT_FORMAT, org_id: orgId, totals: totalsOf(items), items };
}

/** The sum of several reports: counts add by id; an outcome only some reports know is kept. */
export function mergeReports(reports: readonly CoverageReport[]): CoverageReport {
  const byId = new Map<string, CoverageItem>();
  for (const report of reports) {
    for (const item of report.items) {
      const seen = byId.get(item.id);
      byId.set(item.id, seen ? { ...seen, faced: seen.faced + item.faced } : { ...item });
    }
  }
  const orgs = new Set(reports.map((r) => r.org_id));
  const items = [...byId.values()];
  return { format: REPORT_FORMAT, org_id: orgs.size === 1 ? [...orgs][0]! : null, totals: totalsOf(items), items };
}

const percent = (part: number, whole: number) => (whole === 0 ? 100 : Math.floor((part / whole) * 1000) / 10);

/** One line of totals. */
export function summaryLine(report: CoverageReport): string {
  const { operations, outcomes } = report.totals;
  return `voicemock coverage: outcomes ${outcomes.faced}/${outcomes.total} (${percent(outcomes.faced, outcomes.total)}%), operations ${operations.faced}/${operations.total} (${percent(operations.faced, operations.total)}%)`;
}

export const outcomesPercent = (report: CoverageReport) => percent(report.totals.outcomes.faced, report.totals.outcomes.total);
export const operationsPercent = (report: CoverageReport) => percent(report.totals.operations.faced, report.totals.operations.total);

/** The table: grouped by provider and operation, faced first, each missing one with its hint. */
export function reportTable(report: CoverageReport, options: { onlyMissing?: boolean } = {}): string {
  const lines: string[] = [];
  let provider = '';
  let operation = '';
  for (const item of report.items) {
    if (options.onlyMissing && item.faced > 0) continue;
    if (item.provider !== provider) lines.push('', item.provider.toUpperCase());
    if (item.provider !== provider || item.operation !== operation) lines.push(`  ${item.operation}`);
    [provider, operation] = [item.provider, item.operation];
    const what = [item.status ?? '', item.message ?? item.example ?? ''].filter((x) => x !== '').join(' ');
    lines.push(item.faced > 0 ? `    ✓ ${what} (${item.faced}×)` : `    ✗ ${what} — ${item.how}`);
  }
  return [...lines, '', summaryLine(report)].join('\n').replace(/^\n/, '');
}

export interface Thresholds {
  /** Least share of outcomes faced, in percent. */
  minOutcomes?: number;
  /** Least share of operations faced, in percent. */
  minOperations?: number;
  /** Outcomes that must have been faced: ids, example names or `<operation> <status>`. */
  require?: string[];
}

/** Why the report falls short of the thresholds (empty when it does not). */
export function shortfalls(report: CoverageReport, thresholds: Thresholds): string[] {
  const found: string[] = [];
  if (thresholds.minOutcomes !== undefined && outcomesPercent(report) < thresholds.minOutcomes) {
    found.push(`outcomes faced ${outcomesPercent(report)}% < ${thresholds.minOutcomes}%`);
  }
  if (thresholds.minOperations !== undefined && operationsPercent(report) < thresholds.minOperations) {
    found.push(`operations faced ${operationsPercent(report)}% < ${thresholds.minOperations}%`);
  }
  for (const name of thresholds.require ?? []) {
    const matching = report.items.filter((i) => i.id === name || i.example === name || `${i.operation} ${i.status}` === name);
    if (matching.length === 0) found.push(`required outcome "${name}" is not in the catalogue`);
    else if (!matching.some((i) => i.faced > 0)) found.push(`required outcome "${name}" was never faced — ${matching[0]!.how}`);
  }
  return found;
}
