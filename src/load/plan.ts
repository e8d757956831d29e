// A load plan: how many calls, how fast they start, how long each is held, what the caller
// says. Every per-call choice (its start time, its random hang-up) depends only on the plan's
// seed and the call's index, so `--shard i/N` runs exactly the calls i, i+N, i+2N… of the same
// plan, at the times the whole plan would have started them.
import type { CallerAudio } from '../sfvopi/engine/caller-audio.ts';

export interface Shard {
  index: number;
  count: number;
}

export interface SfvopiTarget {
  provider: 'sfvopi';
  /** inbound: calls to `to`, a number linked to the app under test. outbound: POST /calls from `from`. */
  direction: 'inbound' | 'outbound';
  to?: string;
  from?: string;
  /** outbound: the answer webhook the calls ask (the agent's), and the API key that places them. */
  answer_url?: string;
  api_key?: string;
}

export interface LoadPlan {
  target: SfvopiTarget;
  calls: number;
  /** New calls started per second (the ramp). */
  rate_per_second: number;
  /** How long the caller stays on once answered. */
  hold_seconds: number;
  /** Instead of the hold: hang up at a random point in [min, max] seconds. */
  hangup_between_seconds: [number, number] | null;
  audio: CallerAudio;
  /** When the caller's utterance ends, from the start of the stream; null: the end of the WAV's speech (silence: 0). */
  utterance_end_ms: number | null;
  /** A playAudio frame is late when the audio before it ran out more than this long before it arrived. */
  late_after_ms: number;
  seed: number;
  shard: Shard;
}

export const DEFAULT_PLAN: Omit<LoadPlan, 'target'> = {
  calls: 10,
  rate_per_second: 5,
  hold_seconds: 10,
  hangup_between_seconds: null,
  audio: { type: 'silence' },
  utterance_end_ms: null,
  late_after_ms: 20,
  seed: 1,
  shard: { index: 0, count: 1 },
};

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index >= count) throw new Error(`--shard must be i/N with 0 <= i < N, got "${text}"`);
  return { index, count };
}

/** The global indexes of the calls this shard runs. */
export function callsOfShard(plan: Pick<LoadPlan, 'calls' | 'shard'>): number[] {
  const out: number[] = [];
  for (let i = plan.shard.index; i < plan.calls; i += plan.shard.count) out.push(i);
  return out;
}

/** When call `index` starts, in ms after the run starts. */
export function startOffsetMs(plan: Pick<LoadPlan, 'rate_per_second'>, index: number): number {
  return Math.round((index * 1000) / plan.rate_per_second);
}

/** A number in [0, 1) from the seed and the call index alone (mulberry32 of a mix of both). */
export function unitRandom(seed: number, index: number): number {
  let t = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  t = (t + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Seconds call `index` stays on once answered. */
export function holdSecondsOf(plan: Pick<LoadPlan, 'hold_seconds' | 'hangup_between_seconds' | 'seed'>, index: number): number {
  if (!plan.hangup_between_seconds) return plan.hold_seconds;
  const [min, max] = plan.hangup_between_seconds;
  return Math.round((min + unitRandom(plan.seed, index) * (max - min)) * 1000) / 1000;
}

/** Problems with a plan, as messages; empty when it can run. */
export function planProblems(plan: LoadPlan): string[] {
  const problems: string[] = [];
  const positive = (name: string, n: number) => { if (!(Number.isFinite(n) && n > 0)) problems.push(`${name} must be a positive number`); };
  if (!Number.isInteger(plan.calls) || plan.calls < 1) problems.push('calls must be a whole number of at least 1');
  positive('rate_per_second', plan.rate_per_second);
  if (!(plan.hold_seconds >= 0)) problems.push('hold_seconds must not be negative');
  if (plan.hangup_between_seconds) {
    const [min, max] = plan.hangup_between_seconds;
    if (!(min >= 0 && max >= min)) problems.push('hangup_between_seconds must be [min, max] with 0 <= min <= max');
  }
  if (!(plan.shard.count >= 1 && plan.shard.index >= 0 && plan.shard.index < plan.shard.count)) problems.push('shard must be i/N with 0 <= i < N');
  const t = plan.target;
  if (t.direction === 'inbound' && !t.to) problems.push('an inbound plan needs target.to, a number linked to your app');
  if (t.direction === 'outbound' && (!t.from || !t.answer_url || !t.api_key)) problems.push('an outbound plan needs target.from, target.answer_url and target.api_key');
  return problems;
}
