// The load report: valid against its documented JSON Schema, thresholds that fail the run, and
// shards whose merged report equals the unsharded one, percentiles included.
import { describe, expect, it } from 'vitest';
import { startSfvopiLoad } from '../../src/load/runner.ts';
import { contextOf } from '../../src/internal.ts'; // internal: the runner under test takes the mock's context, as the CLI gives it
import { buildReport, formatJunit, formatTable, mergeReports, type LoadReport } from '../../src/load/report.ts';
import { createRecorder, mergeHistograms, percentile } from '../../src/load/histogram.ts';
import type { LoadPlan } from '../../src/load/plan.ts';
import { drive, expectValidReport, inboundPlan, loadWorld } from './helpers.ts';

// Each caller gets its own answer delay (from its number), so the calls' figures all differ.
const answerDelay = ({ from }: { from: string }) => 40 + 17 * Number(from.slice(-3));

async function runReport(plan: LoadPlan, thresholds: Array<{ name: string; limit: number }> = []): Promise<LoadReport> {
  const { mock } = await loadWorld({ replyDelayMs: 250, answerDelayMs: answerDelay });
  const run = await startSfvopiLoad(contextOf(mock), plan);
  const results = await drive(mock, run);
  return buildReport({ provider: 'sfvopi', plan: { ...plan }, shards: [plan.shard], startedAt: run.startedAt, finishedAt: run.finishedAt!, status: 'completed', results, thresholds });
}

describe('load report', () => {
  it('validates against src/load/report.schema.json, and so does a merged one', async () => {
    const report = await runReport(inboundPlan({ calls: 3, hold_seconds: 3 }), [{ name: 'max-p99-response-ms', limit: 800 }]);
    expectValidReport(report);
    expect(report.thresholds).toEqual([{ name: 'max-p99-response-ms', limit: 800, actual: 250, passed: true }]);
    expect(report.passed).toBe(true);
    expectValidReport(mergeReports([report, report]));
    expectValidReport(JSON.parse(JSON.stringify(report)));
  });

  it('a crossed threshold fails the report and its JUnit', async () => {
    const report = await runReport(inboundPlan({ calls: 2, hold_seconds: 3 }), [
      { name: 'max-p99-response-ms', limit: 200 },
      { name: 'max-failed-calls', limit: 0 },
    ]);
    expect(report.thresholds).toEqual([
      { name: 'max-p99-response-ms', limit: 200, actual: 250, passed: false },
      { name: 'max-failed-calls', limit: 0, actual: 0, passed: true },
    ]);
    expect(report.passed).toBe(false);
    const junit = formatJunit(report);
    expect(junit).toContain('tests="2" failures="1"');
    expect(junit).toContain('<failure message="max-p99-response-ms: 250 is over the limit 200"/>');
    expect(formatTable(report)).toContain('FAIL max-p99-response-ms 250 (limit 200)');
  });

  it('a threshold with nothing to measure fails', () => {
    const report = buildReport({
      provider: 'sfvopi', plan: {}, shards: [{ index: 0, count: 1 }], startedAt: 0, finishedAt: 1, status: 'completed',
      results: { counters: { calls_failed: 0 }, failures: {}, histograms: { response_ms: createRecorder().snapshot() } },
      thresholds: [{ name: 'max-p99-response-ms', limit: 800 }],
    });
    expect(report.thresholds[0]).toEqual({ name: 'max-p99-response-ms', limit: 800, actual: null, passed: false });
  });

  it('shards of a plan merge into the unsharded report: counters, histograms and percentiles', async () => {
    // Every call outlives its reply (at most 1.6 s into the call), so no count hangs on which of two timers due at the same instant fires first.
    const plan = inboundPlan({ calls: 9, rate_per_second: 4, hangup_between_seconds: [2, 5], seed: 3 });
    const whole = await runReport(plan);
    const shards = await Promise.all([0, 1, 2].map((index) => runReport({ ...plan, shard: { index, count: 3 } })));
    expect(shards.map((s) => s.counters.calls_started)).toEqual([3, 3, 3]);
    const merged = mergeReports(shards);
    expect(merged.counters).toEqual(whole.counters);
    expect(merged.histograms).toEqual(whole.histograms);
    expect(merged.summary).toEqual(whole.summary);
    // The answer delays differ per call, so these percentiles are real order statistics.
    expect(new Set(whole.histograms.answer_webhook_ms!.buckets.map(([i]) => i)).size).toBe(9);
    expect(merged.shards).toEqual([{ index: 0, count: 3 }, { index: 1, count: 3 }, { index: 2, count: 3 }]);
    expect(() => mergeReports([shards[0]!, { ...shards[1]!, plan: { ...shards[1]!.plan, calls: 10 } }])).toThrow('cannot merge reports of different plans');
  });
});

describe('histograms', () => {
  it('merge exactly: the merge of parts has the percentiles of the whole', () => {
    const values = Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 5000) / 3 + 0.5);
    const whole = createRecorder();
    const parts = [createRecorder(), createRecorder(), createRecorder()];
    values.forEach((v, i) => { whole.record(v); parts[i % 3]!.record(v); });
    const merged = mergeHistograms(parts.map((p) => p.snapshot()));
    expect(merged).toEqual(whole.snapshot());
    for (const p of [50, 90, 99, 99.9]) {
      const exact = [...values].sort((a, b) => a - b)[Math.ceil((p / 100) * values.length) - 1]!;
      const got = percentile(merged, p)!;
      expect(Math.abs(got - exact) / exact).toBeLessThan(0.002);
    }
  });

  it('report values below 1 ms exactly and clamp to the exact extremes', () => {
    const r = createRecorder();
    r.record(0.25);
    r.record(0.75);
    expect(percentile(r.snapshot(), 50)).toBe(0.25);
    expect(percentile(r.snapshot(), 100)).toBe(0.75);
    const big = createRecorder();
    for (let i = 0; i < 10; i++) big.record(12_345.678);
    expect(percentile(big.snapshot(), 99)).toBe(12_345.678);
  });
});
