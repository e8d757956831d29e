// The load report: one JSON document (src/load/report.schema.json) holding the plan, the raw
// counters and histograms (so reports merge exactly), the percentiles read from them, and the
// thresholds with their verdicts. Also its two other forms: a table for people, JUnit for CI.
import { VERSION } from '../core/version.ts';
import { summarize, type HistogramSummary } from './histogram.ts';
import { createStats, mergeResults, SFVOPI_HISTOGRAMS, VOXIFI_HISTOGRAMS, type LoadResults } from './stats.ts';
import { SFVOPI_COUNTERS, VOXIFI_COUNTERS } from './counters.ts';
import type { Shard } from './plan.ts';

export const REPORT_FORMAT = 1;

export interface Threshold {
  /** As on the command line, e.g. `max-p99-response-ms`. */
  name: string;
  limit: number;
  actual: number | null;
  passed: boolean;
}

export interface LoadReport {
  format: typeof REPORT_FORMAT;
  voicemock_version: string;
  provider: 'sfvopi' | 'voxifi';
  /** The plan as run (without secrets); merged reports keep the first one's. */
  plan: Record<string, unknown>;
  /** Which shards of the plan this report holds. */
  shards: Shard[];
  started_at: string;
  finished_at: string;
  duration_ms: number;
  status: 'running' | 'completed' | 'cancelled';
  counters: Record<string, number>;
  failures: Record<string, number>;
  histograms: LoadResults['histograms'];
  summary: Record<string, HistogramSummary>;
  thresholds: Threshold[];
  passed: boolean;
}

export interface ThresholdSpec {
  name: string;
  limit: number;
}

const PERCENTILE = /^max-(p50|p90|p99|mean|max)-(.+)-ms$/;

/** `max-p99-response-ms` reads response_ms's p99; `max-late-frames` reads the late_frames counter. */
export function thresholdValue(report: Pick<LoadReport, 'counters' | 'summary'>, name: string): number | null | undefined {
  const p = PERCENTILE.exec(name);
  if (p) {
    const summary = report.summary[`${p[2]!.replace(/-/g, '_')}_ms`];
    if (!summary) return undefined;
    return summary[`${p[1]}_ms` as keyof HistogramSummary] as number | null;
  }
  const counter = name.startsWith('max-') ? name.slice(4).replace(/-/g, '_') : null;
  const aliases: Record<string, string> = { failed_calls: 'calls_failed', dead_letters: 'dead_letters', malformed_frames: 'malformed_messages' };
  const key = counter === null ? null : (aliases[counter] ?? counter);
  if (key === null || !(key in report.counters)) return undefined;
  return report.counters[key]!;
}

/** The threshold names a report understands, for help and for refusing typos. */
export function knownThreshold(report: Pick<LoadReport, 'counters' | 'summary'>, name: string): boolean {
  return thresholdValue(report, name) !== undefined;
}

/** The first threshold a report of this provider cannot read (a typo), or undefined. */
export function unknownThreshold(provider: LoadReport['provider'], specs: ThresholdSpec[]): ThresholdSpec | undefined {
  const empty = provider === 'sfvopi' ? createStats(SFVOPI_COUNTERS, SFVOPI_HISTOGRAMS) : createStats(VOXIFI_COUNTERS, VOXIFI_HISTOGRAMS);
  const r = empty.results();
  const probe = { counters: r.counters, summary: Object.fromEntries(Object.entries(r.histograms).map(([k, h]) => [k, summarize(h)])) };
  return specs.find((t) => !knownThreshold(probe, t.name));
}

export function evaluate(report: Pick<LoadReport, 'counters' | 'summary'>, specs: ThresholdSpec[]): Threshold[] {
  return specs.map(({ name, limit }) => {
    const actual = thresholdValue(report, name) ?? null;
    // No sample at all (no call answered) cannot show a latency within the limit.
    return { name, limit, actual, passed: actual !== null && actual <= limit };
  });
}

export function buildReport(input: {
  provider: LoadReport['provider'];
  plan: Record<string, unknown>;
  shards: Shard[];
  startedAt: number;
  finishedAt: number;
  status: LoadReport['status'];
  results: LoadResults;
  thresholds?: ThresholdSpec[];
}): LoadReport {
  const { results } = input;
  const summary = Object.fromEntries(Object.entries(results.histograms).map(([k, h]) => [k, summarize(h)]));
  const base = { counters: results.counters, summary };
  const thresholds = evaluate(base, input.thresholds ?? []);
  return {
    format: REPORT_FORMAT,
    voicemock_version: VERSION,
    provider: input.provider,
    plan: input.plan,
    shards: input.shards,
    started_at: new Date(input.startedAt).toISOString(),
    finished_at: new Date(input.finishedAt).toISOString(),
    duration_ms: input.finishedAt - input.startedAt,
    status: input.status,
    counters: results.counters,
    failures: results.failures,
    histograms: results.histograms,
    summary,
    thresholds,
    passed: thresholds.every((t) => t.passed),
  };
}

/**
 * Several reports of one plan (its shards) as one: counters and failures add up, histograms
 * merge bucket by bucket, so the percentiles are those of all the calls together. Thresholds
 * are re-evaluated on the merged figures (`specs`, or else the first report's).
 */
export function mergeReports(reports: LoadReport[], specs?: ThresholdSpec[]): LoadReport {
  if (reports.length === 0) throw new Error('nothing to merge');
  const providers = new Set(reports.map((r) => r.provider));
  if (providers.size > 1) throw new Error(`cannot merge reports of different providers (${[...providers].join(', ')})`);
  const formats = new Set(reports.map((r) => r.format));
  if (formats.size > 1 || !formats.has(REPORT_FORMAT)) throw new Error(`cannot merge report format ${[...formats].join(', ')}; this voicemock writes format ${REPORT_FORMAT}`);
  // Shards of one plan differ only in their shard; anything else would mix unlike calls.
  const planKey = (r: LoadReport) => JSON.stringify({ ...r.plan, shard: null });
  const other = reports.find((r) => planKey(r) !== planKey(reports[0]!));
  if (other) throw new Error('cannot merge reports of different plans (only --shard may differ)');
  const results = mergeResults(reports);
  const startedAt = Math.min(...reports.map((r) => Date.parse(r.started_at)));
  const finishedAt = Math.max(...reports.map((r) => Date.parse(r.finished_at)));
  const shards = reports.flatMap((r) => r.shards).sort((a, b) => a.count - b.count || a.index - b.index);
  return buildReport({
    provider: reports[0]!.provider,
    plan: reports[0]!.plan,
    shards,
    startedAt,
    finishedAt,
    status: reports.every((r) => r.status === 'completed') ? 'completed' : 'cancelled',
    results,
    thresholds: specs ?? reports[0]!.thresholds.map(({ name, limit }) => ({ name, limit })),
  });
}

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : Number.isInteger(v) ? String(v) : v >= 100 ? v.toFixed(0) : v.toFixed(1));

/** The summary table printed at the end of a run. */
export function formatTable(report: LoadReport): string {
  const rows: string[][] = [['measure', 'count', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms']];
  for (const [name, s] of Object.entries(report.summary)) {
    rows.push([name.replace(/_ms$/, '').replace(/_/g, ' '), String(s.count), fmt(s.p50_ms), fmt(s.p90_ms), fmt(s.p99_ms), fmt(s.max_ms)]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = rows.map(line);
  out.push('');
  out.push(Object.entries(report.counters).filter(([, v]) => v !== 0).map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`).join(', '));
  for (const [message, n] of Object.entries(report.failures)) out.push(`failed: ${n} × ${message}`);
  for (const t of report.thresholds) out.push(`${t.passed ? 'PASS' : 'FAIL'} ${t.name} ${fmt(t.actual)} (limit ${t.limit})`);
  return out.join('\n') + '\n';
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One test case per threshold; the counters go to system-out. */
export function formatJunit(report: LoadReport): string {
  const cases = report.thresholds.map((t) => {
    const body = t.passed ? '' : `<failure message="${xml(`${t.name}: ${fmt(t.actual)} is over the limit ${t.limit}`)}"/>`;
    return `    <testcase classname="voicemock.load.${report.provider}" name="${xml(t.name)}" time="0">${body}</testcase>`;
  });
  const failures = report.thresholds.filter((t) => !t.passed).length;
  const counts = Object.entries(report.counters).map(([k, v]) => `${k}=${v}`).join(' ');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="voicemock load" tests="${cases.length}" failures="${failures}" time="${(report.duration_ms / 1000).toFixed(3)}">`,
    `  <testsuite name="voicemock load ${report.provider}" tests="${cases.length}" failures="${failures}" timestamp="${report.started_at}" time="${(report.duration_ms / 1000).toFixed(3)}">`,
    ...cases,
    `    <system-out>${xml(counts)}</system-out>`,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
