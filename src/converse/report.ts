// The report of a `voicemock converse` run: per script how many conversations passed, the
// failures (one line per broken expectation, counted), the figures as the load report's
// mergeable counters and histograms with their percentiles, and the conversations in full
// (steps, turns, timeline, violations) up to a bound, failed ones first. Also its table for
// people and its JUnit form (one test case per script, one failure per broken expectation).
import { VERSION } from '../core/version.ts';
import { summarize, type HistogramSummary } from '../load/histogram.ts';
import { mergeResults, type LoadResults } from '../load/stats.ts';
import type { Shard } from '../load/plan.ts';
import type { ConversationResult } from './result.ts';

export const CONVERSE_REPORT_FORMAT = 1;
/** Distinct failure lines kept per script; past it they are counted as "other failures". */
const MAX_FAILURE_LINES = 50;

export interface ScriptSummary {
  source: string;
  name: string;
  conversations: number;
  passed: number;
  failed: number;
  /** Each broken expectation's line, with how many conversations broke it. */
  failures: Record<string, number>;
}

export interface ConverseReport {
  format: typeof CONVERSE_REPORT_FORMAT;
  voicemock_version: string;
  kind: 'converse';
  shards: Shard[];
  started_at: string;
  finished_at: string;
  duration_ms: number;
  scripts: ScriptSummary[];
  counters: LoadResults['counters'];
  histograms: LoadResults['histograms'];
  summary: Record<string, HistogramSummary>;
  conversations: ConversationResult[];
  /** Conversations run but not kept in full (past the bound). */
  conversations_dropped: number;
  passed: boolean;
}

export interface ReportBuilder {
  add(source: string, result: ConversationResult): void;
  build(input: { shard: Shard; startedAt: number; finishedAt: number }): ConverseReport;
}

export function createReportBuilder(maxConversations: number): ReportBuilder {
  const scripts = new Map<string, ScriptSummary>();
  const kept: ConversationResult[] = [];
  let dropped = 0;
  let results: LoadResults = { counters: {}, failures: {}, histograms: {} };
  return {
    add(source, result) {
      const s = scripts.get(source) ?? { source, name: result.script, conversations: 0, passed: 0, failed: 0, failures: {} };
      scripts.set(source, s);
      s.conversations++;
      if (result.passed) s.passed++;
      else s.failed++;
      for (const line of result.failures) {
        const key = line in s.failures || Object.keys(s.failures).length < MAX_FAILURE_LINES ? line : 'other failures';
        s.failures[key] = (s.failures[key] ?? 0) + 1;
      }
      results = mergeResults([results, result.results]);
      // Failed conversations are worth more than passing ones: one replaces a kept pass.
      if (kept.length < maxConversations) kept.push(result);
      else {
        const pass = result.passed ? -1 : kept.findIndex((k) => k.passed);
        if (pass >= 0) kept[pass] = result;
        dropped++;
      }
    },
    build: ({ shard, startedAt, finishedAt }) => buildConverseReport([...scripts.values()], results, kept, dropped, [shard], startedAt, finishedAt),
  };
}

function buildConverseReport(scripts: ScriptSummary[], results: LoadResults, conversations: ConversationResult[], dropped: number, shards: Shard[], startedAt: number, finishedAt: number): ConverseReport {
  return {
    format: CONVERSE_REPORT_FORMAT, voicemock_version: VERSION, kind: 'converse', shards,
    started_at: new Date(startedAt).toISOString(), finished_at: new Date(finishedAt).toISOString(), duration_ms: finishedAt - startedAt,
    scripts, counters: results.counters, histograms: results.histograms,
    summary: Object.fromEntries(Object.entries(results.histograms).map(([k, h]) => [k, summarize(h)])),
    conversations, conversations_dropped: dropped, passed: scripts.every((s) => s.failed === 0),
  };
}

/** Shard reports of one run as one: counters add, histograms merge bucket by bucket. */
export function mergeConverseReports(reports: ConverseReport[]): ConverseReport {
  if (reports.length === 0) throw new Error('nothing to merge');
  const bad = reports.find((r) => r.kind !== 'converse' || r.format !== CONVERSE_REPORT_FORMAT);
  if (bad) throw new Error(`cannot merge a report of kind ${bad.kind} format ${bad.format}`);
  const scripts = new Map<string, ScriptSummary>();
  for (const s of reports.flatMap((r) => r.scripts)) {
    const t = scripts.get(s.source) ?? { ...s, conversations: 0, passed: 0, failed: 0, failures: {} };
    scripts.set(s.source, t);
    t.conversations += s.conversations;
    t.passed += s.passed;
    t.failed += s.failed;
    for (const [k, n] of Object.entries(s.failures)) t.failures[k] = (t.failures[k] ?? 0) + n;
  }
  const results = mergeResults(reports.map((r) => ({ counters: r.counters, failures: {}, histograms: r.histograms })));
  return buildConverseReport(
    [...scripts.values()], results, reports.flatMap((r) => r.conversations), reports.reduce((n, r) => n + r.conversations_dropped, 0),
    reports.flatMap((r) => r.shards), Math.min(...reports.map((r) => Date.parse(r.started_at))), Math.max(...reports.map((r) => Date.parse(r.finished_at))),
  );
}

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(1));

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}

/** Per script its verdict, then the measures' percentiles, then each failure line. */
export function formatConverseTable(report: ConverseReport): string {
  const out = table([
    ['script', 'result', 'passed', 'failed'],
    ...report.scripts.map((s) => [s.name, s.failed === 0 ? 'PASS' : 'FAIL', String(s.passed), String(s.failed)]),
  ]);
  out.push('');
  out.push(...table([
    ['measure', 'count', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
    ...Object.entries(report.summary).filter(([, s]) => s.count > 0).map(([name, s]) => [name.replace(/_ms$/, '').replace(/_/g, ' '), String(s.count), fmt(s.p50_ms), fmt(s.p90_ms), fmt(s.p99_ms), fmt(s.max_ms)]),
  ]));
  for (const s of report.scripts) for (const [line, n] of Object.entries(s.failures)) out.push(`FAIL ${s.name}: ${line}${n > 1 ? ` (×${n})` : ''}`);
  return out.join('\n') + '\n';
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function formatConverseJunit(report: ConverseReport): string {
  const failures = report.scripts.reduce((n, s) => n + Object.keys(s.failures).length, 0);
  const cases = report.scripts.map((s) => {
    const body = Object.entries(s.failures).map(([line, n]) => `<failure message="${xml(line)}">${xml(`${n} of ${s.conversations} conversations`)}</failure>`).join('');
    return `    <testcase classname="voicemock.converse" name="${xml(s.name)}" time="0">${body}</testcase>`;
  });
  const time = (report.duration_ms / 1000).toFixed(3);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="voicemock converse" tests="${cases.length}" failures="${failures}" time="${time}">`,
    `  <testsuite name="voicemock converse" tests="${cases.length}" failures="${failures}" timestamp="${report.started_at}" time="${time}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
