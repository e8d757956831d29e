// Latency histograms that merge exactly: HDR-style log-linear buckets over whole microseconds.
// Values under 1024 µs have their own bucket; above, each power of two is split into 512
// buckets, so a reported percentile is within 0.2 % of the true value (and exact when every
// sample in its bucket is equal, since results are clamped to the exact min and max). Buckets
// are fixed, so merging two histograms is adding counts: shards merge into the same
// percentiles as one run over all the data. Plain data, JSON as it is.

export interface Histogram {
  unit: 'us';
  sub_bucket_bits: number;
  count: number;
  sum_us: number;
  min_us: number | null;
  max_us: number | null;
  /** [bucket index, count], ascending by index. */
  buckets: Array<[number, number]>;
}

export interface Recorder {
  record(ms: number): void;
  snapshot(): Histogram;
  readonly count: number;
}

export const SUB_BUCKET_BITS = 10;
const SUB = 2 ** SUB_BUCKET_BITS;
const HALF = SUB / 2;
/** About 12.7 days: anything longer is clamped. */
const MAX_US = 2 ** 40;

export function bucketOf(us: number): number {
  if (us < SUB) return us;
  const exponent = Math.floor(Math.log2(us)) + 1 - SUB_BUCKET_BITS;
  const mantissa = Math.floor(us / 2 ** exponent);
  return SUB + (exponent - 1) * HALF + (mantissa - HALF);
}

/** The largest value that falls in the bucket. */
export function bucketTop(index: number): number {
  if (index < SUB) return index;
  const k = index - SUB;
  const exponent = Math.floor(k / HALF) + 1;
  const mantissa = (k % HALF) + HALF;
  return (mantissa + 1) * 2 ** exponent - 1;
}

const toUs = (ms: number) => Math.min(MAX_US, Math.max(0, Math.round(ms * 1000)));

export function createRecorder(): Recorder {
  const counts = new Map<number, number>();
  let count = 0;
  let sum = 0;
  let min: number | null = null;
  let max: number | null = null;
  return {
    record(ms) {
      if (!Number.isFinite(ms)) return;
      const us = toUs(ms);
      const index = bucketOf(us);
      counts.set(index, (counts.get(index) ?? 0) + 1);
      count++;
      sum += us;
      min = min === null ? us : Math.min(min, us);
      max = max === null ? us : Math.max(max, us);
    },
    snapshot: () => ({
      unit: 'us', sub_bucket_bits: SUB_BUCKET_BITS, count, sum_us: sum, min_us: min, max_us: max,
      buckets: [...counts].sort((a, b) => a[0] - b[0]),
    }),
    get count() { return count; },
  };
}

export function emptyHistogram(): Histogram {
  return createRecorder().snapshot();
}

export function mergeHistograms(parts: Histogram[]): Histogram {
  const counts = new Map<number, number>();
  let count = 0;
  let sum = 0;
  let min: number | null = null;
  let max: number | null = null;
  for (const h of parts) {
    if (h.sub_bucket_bits !== SUB_BUCKET_BITS || h.unit !== 'us') throw new Error(`cannot merge a histogram with ${h.sub_bucket_bits} sub-bucket bits (unit ${h.unit})`);
    for (const [index, n] of h.buckets) counts.set(index, (counts.get(index) ?? 0) + n);
    count += h.count;
    sum += h.sum_us;
    if (h.min_us !== null) min = min === null ? h.min_us : Math.min(min, h.min_us);
    if (h.max_us !== null) max = max === null ? h.max_us : Math.max(max, h.max_us);
  }
  return { unit: 'us', sub_bucket_bits: SUB_BUCKET_BITS, count, sum_us: sum, min_us: min, max_us: max, buckets: [...counts].sort((a, b) => a[0] - b[0]) };
}

/** The value at percentile p (0–100) in ms, or null when empty. */
export function percentile(h: Histogram, p: number): number | null {
  if (h.count === 0 || h.min_us === null || h.max_us === null) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * h.count));
  let seen = 0;
  for (const [index, n] of h.buckets) {
    seen += n;
    if (seen >= rank) return Math.min(h.max_us, Math.max(h.min_us, bucketTop(index))) / 1000;
  }
  return h.max_us / 1000;
}

export interface HistogramSummary {
  count: number;
  min_ms: number | null;
  p50_ms: number | null;
  p90_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
  mean_ms: number | null;
}

export function summarize(h: Histogram): HistogramSummary {
  return {
    count: h.count,
    min_ms: h.min_us === null ? null : h.min_us / 1000,
    p50_ms: percentile(h, 50),
    p90_ms: percentile(h, 90),
    p99_ms: percentile(h, 99),
    max_ms: h.max_us === null ? null : h.max_us / 1000,
    mean_ms: h.count === 0 ? null : Math.round(h.sum_us / h.count) / 1000,
  };
}
