// What a load run counts and times, kept so that results of several runs (shards) add up:
// counters and failure tallies sum, histograms merge bucket by bucket.
import { createRecorder, mergeHistograms, type Histogram, type Recorder } from './histogram.ts';

export const SFVOPI_HISTOGRAMS = ['answer_webhook_ms', 'ws_connect_ms', 'response_ms'] as const;
export const VOXIFI_HISTOGRAMS = ['delivery_ms', 'delivery_attempt_ms'] as const;

export const MAX_FAILURE_KINDS = 50;
export const OTHER_FAILURES = 'other failures';

export interface LoadResults {
  counters: Record<string, number>;
  /** Failed calls by their failure message (e.g. `answer_url timeout`). */
  failures: Record<string, number>;
  histograms: Record<string, Histogram>;
}

/** Live figures can be watched as they change (the Prometheus endpoint does). */
export interface StatsListener {
  count(name: string, by: number): void;
  sample(name: string, ms: number): void;
  failure(message: string): void;
}

export interface Stats {
  count(name: string, by?: number): void;
  sample(name: string, ms: number): void;
  failure(message: string): void;
  get(name: string): number;
  histogram(name: string): Histogram;
  results(): LoadResults;
}

export function createStats(counterNames: readonly string[], histogramNames: readonly string[], listener?: StatsListener): Stats {
  const counters: Record<string, number> = Object.fromEntries(counterNames.map((n) => [n, 0]));
  const recorders = new Map<string, Recorder>(histogramNames.map((n) => [n, createRecorder()]));
  const failures = new Map<string, number>();
  return {
    count(name, by = 1) {
      counters[name] = (counters[name] ?? 0) + by;
      listener?.count(name, by);
    },
    sample(name, ms) {
      let r = recorders.get(name);
      if (!r) recorders.set(name, (r = createRecorder()));
      r.record(ms);
      listener?.sample(name, ms);
    },
    failure(raw) {
      // Messages can carry details (a port, a status): past MAX_FAILURE_KINDS they are lumped.
      const message = failures.has(raw) || failures.size < MAX_FAILURE_KINDS ? raw : OTHER_FAILURES;
      failures.set(message, (failures.get(message) ?? 0) + 1);
      listener?.failure(message);
    },
    get: (name) => counters[name] ?? 0,
    histogram: (name) => (recorders.get(name) ?? createRecorder()).snapshot(),
    results: () => ({
      counters: { ...counters },
      failures: Object.fromEntries([...failures].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))),
      histograms: Object.fromEntries([...recorders].map(([n, r]) => [n, r.snapshot()])),
    }),
  };
}

export function mergeResults(parts: LoadResults[]): LoadResults {
  const counters: Record<string, number> = {};
  const failures: Record<string, number> = {};
  const histograms: Record<string, Histogram[]> = {};
  for (const p of parts) {
    for (const [k, v] of Object.entries(p.counters)) counters[k] = (counters[k] ?? 0) + v;
    for (const [k, v] of Object.entries(p.failures)) failures[k] = (failures[k] ?? 0) + v;
    for (const [k, h] of Object.entries(p.histograms)) (histograms[k] ??= []).push(h);
  }
  return {
    counters,
    failures: Object.fromEntries(Object.entries(failures).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))),
    histograms: Object.fromEntries(Object.entries(histograms).map(([k, hs]) => [k, mergeHistograms(hs)])),
  };
}
