// What one conversation shows: each step with its verdict, the turns (the caller's speech and
// the agent's reply), a millisecond timeline of who spoke when, every protocol violation with
// the message that broke the rule, and the figures as mergeable stats (the load report's
// counters and histograms), so many conversations add up like the calls of a load run.
import { createStats, type LoadResults } from '../load/stats.ts';
import type { Span, Violation } from './agent-audio.ts';
import type { Conversation } from './conversation.ts';
import type { StepResult } from './steps.ts';

export const CONVERSE_COUNTERS = ['conversations', 'passed', 'failed', 'expectations', 'expectations_failed', 'violations', 'barge_ins', 'checkpoints_acknowledged', 'dtmf_digits'] as const;
export const CONVERSE_HISTOGRAMS = ['answer_webhook_ms', 'time_to_first_audio_ms', 'response_ms', 'barge_in_stop_ms', 'agent_talk_ms', 'caller_talk_ms', 'silence_ms'] as const;

export interface TimelineEntry {
  who: 'caller' | 'agent';
  what: 'speech' | 'dtmf' | 'clear_audio' | 'checkpoint' | 'checkpoint_acknowledged' | 'hangup';
  /** ms from the stream's start; end_ms only for speech. */
  at_ms: number;
  end_ms?: number;
  detail?: string;
}

export interface Turn {
  caller_end_ms: number;
  agent_start_ms: number | null;
  response_ms: number | null;
}

export interface ConversationResult {
  script: string;
  passed: boolean;
  /** The reason the conversation could not run at all (no stream, a bad WAV); null when it ran. */
  error: string | null;
  call_uuid: string | null;
  codec: string | null;
  sample_rate: number | null;
  ended_by: 'agent' | 'caller' | 'timeout' | 'failed' | null;
  duration_ms: number;
  answer_webhook_ms: number | null;
  time_to_first_audio_ms: number | null;
  steps: StepResult[];
  turns: Turn[];
  /** One line per broken expectation (and the run's error). */
  failures: string[];
  timeline: TimelineEntry[];
  timeline_dropped: number;
  violations: Violation[];
  violations_total: number;
  /** Counters and histograms, as a load report holds them. */
  results: LoadResults;
}

function turnsOf(caller: Span[], agent: Span[], rel: (t: number) => number): Turn[] {
  return caller.map((c, i) => {
    const next = caller[i + 1]?.start ?? Infinity;
    const reply = agent.find((a) => a.start >= c.end && a.start < next);
    return { caller_end_ms: rel(c.end), agent_start_ms: reply ? rel(reply.start) : null, response_ms: reply ? reply.start - c.end : null };
  });
}

/** Stretches where neither side speaks, between the stream's start and the end. */
function silences(all: Span[], from: number, to: number): number[] {
  const sorted = [...all].sort((a, b) => a.start - b.start);
  const out: number[] = [];
  let at = from;
  for (const s of sorted) {
    if (s.start > at) out.push(s.start - at);
    at = Math.max(at, s.end);
  }
  if (to > at) out.push(to - at);
  return out;
}

function timelineOf(c: Conversation, rel: (t: number) => number, max: number): { entries: TimelineEntry[]; dropped: number } {
  const a = c.agent;
  const entries: TimelineEntry[] = [
    ...c.callerSpeech.map((s): TimelineEntry => ({ who: 'caller', what: 'speech', at_ms: rel(s.start), end_ms: rel(s.end) })),
    ...c.dtmf.map((d): TimelineEntry => ({ who: 'caller', what: 'dtmf', at_ms: rel(d.at), detail: d.digits })),
    ...(a?.speech ?? []).map((s): TimelineEntry => ({ who: 'agent', what: 'speech', at_ms: rel(s.start), end_ms: rel(s.end) })),
    ...(a?.clears ?? []).map((t): TimelineEntry => ({ who: 'agent', what: 'clear_audio', at_ms: rel(t) })),
    ...(a?.checkpointsSent ?? []).map((t): TimelineEntry => ({ who: 'agent', what: 'checkpoint', at_ms: rel(t) })),
    ...(a?.checkpointsAcked ?? []).map((t): TimelineEntry => ({ who: 'agent', what: 'checkpoint_acknowledged', at_ms: rel(t) })),
  ];
  if (c.ended && (c.ended.by === 'agent' || c.ended.by === 'caller')) entries.push({ who: c.ended.by, what: 'hangup', at_ms: rel(c.ended.at) });
  entries.sort((x, y) => x.at_ms - y.at_ms);
  return { entries: entries.slice(0, max), dropped: Math.max(0, entries.length - max) };
}

interface Figures {
  passed: boolean;
  steps: StepResult[];
  turns: Turn[];
  firstAudio: number | null;
  agent: Span[];
  callerSpans: Span[];
  end: number;
  violationsTotal: number;
}

/** The conversation's counters and histograms, as a load run keeps them (so they merge). */
function statsOf(c: Conversation, f: Figures): LoadResults {
  const stats = createStats(CONVERSE_COUNTERS, CONVERSE_HISTOGRAMS);
  stats.count('conversations');
  stats.count(f.passed ? 'passed' : 'failed');
  stats.count('expectations', f.steps.filter((s) => s.passed !== undefined).length);
  stats.count('expectations_failed', f.steps.filter((s) => s.passed === false).length);
  stats.count('violations', f.violationsTotal);
  stats.count('barge_ins', c.bargeIns.length);
  stats.count('checkpoints_acknowledged', c.agent?.checkpointsAcked.length ?? 0);
  stats.count('dtmf_digits', c.dtmf.reduce((n, d) => n + d.digits.length, 0));
  if (c.answerWebhookMs !== null) stats.sample('answer_webhook_ms', c.answerWebhookMs);
  if (f.firstAudio !== null) stats.sample('time_to_first_audio_ms', f.firstAudio);
  for (const t of f.turns) if (t.response_ms !== null) stats.sample('response_ms', t.response_ms);
  for (const s of f.steps) if (s.expectation === 'agent_stops_within_ms' && s.actual_ms != null) stats.sample('barge_in_stop_ms', s.actual_ms);
  for (const s of f.agent) stats.sample('agent_talk_ms', s.end - s.start);
  for (const s of f.callerSpans) stats.sample('caller_talk_ms', s.end - s.start);
  if (c.streamStart !== null) for (const ms of silences([...f.agent, ...f.callerSpans], c.streamStart, f.end)) stats.sample('silence_ms', ms);
  return stats.results();
}

export function buildResult(c: Conversation, name: string, steps: StepResult[], error: string | null): ConversationResult {
  const origin = c.streamStart ?? c.ctx.clock.now();
  const rel = (t: number) => Math.round((t - origin) * 1000) / 1000;
  const end = c.ended?.at ?? c.ctx.clock.now();
  const agent = c.agent?.speech ?? [];
  const callerSpans = c.callerSpeech.filter((s) => s.end > s.start);
  const turns = turnsOf(callerSpans, agent, rel);
  const firstAudio = agent[0] && c.streamStart !== null ? agent[0].start - c.streamStart : null;
  const violationsTotal = c.agent?.violationCount ?? 0;
  for (const s of steps) {
    if (s.expectation !== 'no_protocol_violations') continue;
    s.passed = violationsTotal === 0;
    s.actual_ms = null;
    if (!s.passed) s.message = `${violationsTotal} protocol violation${violationsTotal === 1 ? '' : 's'}; the first: ${c.agent!.violations[0]!.message}`;
  }
  const failures = [
    ...(error ? [error] : []),
    ...steps.filter((s) => s.passed === false).map((s) => `step ${s.step} (${s.expectation ?? s.kind}): ${s.message}`),
  ];
  if (c.timedOut) failures.push(`the conversation did not finish within its timeout`);
  const passed = failures.length === 0;
  const stats = statsOf(c, { passed, steps, turns, firstAudio, agent, callerSpans, end, violationsTotal });
  const { entries, dropped } = timelineOf(c, rel, c.limits.maxTimeline);
  return {
    script: name, passed, error, call_uuid: c.call?.call_uuid ?? null, codec: c.format?.codec ?? null, sample_rate: c.format?.sampleRate ?? null,
    ended_by: c.ended?.by ?? null, duration_ms: c.streamStart === null ? 0 : end - c.streamStart, answer_webhook_ms: c.answerWebhookMs,
    time_to_first_audio_ms: firstAudio, steps, turns, failures, timeline: entries, timeline_dropped: dropped,
    violations: c.agent?.violations ?? [], violations_total: violationsTotal, results: stats,
  };
}
