// The caller's steps and the expectations, run in order on the mock's clock. A step waits for
// what it needs (its audio sent, the agent's speech, a deadline) and answers what it saw; an
// expectation also says whether the agent met it, and if not, why, in one sentence.
import { changeAudio, hangupByParty, liveRun } from '../sfvopi/engine/lifecycle.ts';
import { speechAt, speechFrom } from './agent-audio.ts';
import type { Conversation } from './conversation.ts';
import type { CallerSpeech } from './caller-speech.ts';
import type { Expectation, Step } from './script.ts';

export interface StepResult {
  /** 1-based, as in the script. */
  step: number;
  kind: 'say' | 'silence' | 'dtmf' | 'hangup' | 'barge_in' | 'expect';
  /** ms from the stream's start. */
  started_ms: number;
  ended_ms: number;
  expectation?: keyof Expectation;
  limit_ms?: number | null;
  /** What was measured (a latency, a duration), when there was something to measure. */
  actual_ms?: number | null;
  passed?: boolean;
  /** Why it failed. */
  message?: string;
}

export interface StepContext {
  c: Conversation;
  /** When the whole conversation must be over (clock ms). */
  deadline: number;
  /** The audio of each say / barge_in step, loaded before the call started. */
  speech: Map<number, CallerSpeech>;
}

type Outcome = Pick<StepResult, 'actual_ms' | 'passed' | 'message' | 'limit_ms' | 'expectation'>;

const now = (x: StepContext) => x.c.ctx.clock.now();
const over = (x: StepContext) => x.c.ended !== null;

function startSaying(x: StepContext, speech: CallerSpeech): void {
  const { c } = x;
  const run = c.call ? liveRun(c.ctx, c.call.call_uuid) : undefined;
  if (!run) return;
  changeAudio(c.ctx, run, speech.audio);
  const span = { start: now(x), end: now(x) };
  if (c.callerSpeech.length < c.limits.maxTimeline) c.callerSpeech.push(span);
  c.saying = { speechEndsAt: c.media + speech.speechFrames, audioEndsAt: c.media + speech.frames, span };
  if (speech.speechFrames === 0) c.lastCallerSpeechEnd = span.end;
}

async function say(x: StepContext, speech: CallerSpeech): Promise<void> {
  startSaying(x, speech);
  await x.c.waiter.until(() => x.c.saying === null || over(x), x.deadline);
}

async function sleep(x: StepContext, ms: number): Promise<void> {
  await x.c.waiter.until(() => over(x), Math.min(x.deadline, now(x) + ms));
}

async function bargeIn(x: StepContext, afterMs: number, speech: CallerSpeech): Promise<Outcome> {
  const { c } = x;
  const speaking = () => {
    const span = c.agent ? speechAt(c.agent, now(x)) : undefined;
    return span !== undefined && now(x) - span.start >= afterMs;
  };
  if (!(await c.waiter.until(() => speaking() || over(x), x.deadline)) || over(x)) {
    return { passed: false, message: `the agent never spoke for ${afterMs} ms to barge in on` };
  }
  c.bargeIns.push(now(x));
  startSaying(x, speech);
  return {};
}

/** From the end of the caller's last speech, or the stream's start, to the agent's next speech. */
async function agentSpeaks(x: StepContext, limit: number): Promise<Outcome> {
  const { c } = x;
  const from = c.lastCallerSpeechEnd ?? c.streamStart!;
  const next = () => (c.agent ? speechFrom(c.agent, from) : undefined);
  await c.waiter.until(() => { const s = next(); return (s !== undefined && s.start <= now(x)) || over(x); }, Math.min(x.deadline, from + limit + 1));
  const s = next();
  const actual = s && s.start <= now(x) ? s.start - from : null;
  const what = c.lastCallerSpeechEnd === null ? "the stream's start" : "the end of the caller's speech";
  if (actual !== null && actual <= limit) return { actual_ms: actual, passed: true };
  return {
    actual_ms: actual, passed: false,
    message: actual === null ? `the agent did not speak within ${limit} ms of ${what}` : `the agent spoke ${actual} ms after ${what}, later than ${limit} ms`,
  };
}

async function agentSilent(x: StepContext, limit: number): Promise<Outcome> {
  const { c } = x;
  const from = now(x);
  await sleep(x, limit);
  const spoke = c.agent?.speech.find((s) => s.end > from && s.start < from + limit);
  if (!spoke) return { passed: true, actual_ms: now(x) - from };
  const overCaller = c.saying || c.callerSpeech.some((s) => s.start < spoke.end && spoke.start < (s.end === s.start ? now(x) : s.end));
  return { passed: false, actual_ms: Math.max(0, spoke.start - from), message: `the agent spoke ${Math.max(0, spoke.start - from)} ms into ${limit} ms it should have been silent${overCaller ? ' (talking over the caller)' : ''}` };
}

async function agentStops(x: StepContext, limit: number): Promise<Outcome> {
  const { c } = x;
  const barge = c.bargeIns[c.bargeIns.length - 1]!;
  const talking = () => (c.agent ? speechAt(c.agent, barge) : undefined);
  const stopped = () => { const s = talking(); return s === undefined || s.end <= now(x); };
  await c.waiter.until(() => stopped() || over(x), Math.min(x.deadline, barge + limit + 1));
  const s = talking();
  const actual = s === undefined ? 0 : s.end <= now(x) ? s.end - barge : null;
  if (actual !== null && actual <= limit) return { actual_ms: actual, passed: true };
  const cleared = c.agent!.clears.some((t) => t >= barge);
  return {
    actual_ms: actual, passed: false,
    message: `the agent was still speaking ${limit} ms after the caller barged in (${cleared ? 'it sent clearAudio too late' : 'it never sent clearAudio'})`,
  };
}

async function checkpointAcked(x: StepContext, limit: number): Promise<Outcome> {
  const { c } = x;
  const from = c.lastCallerSpeechEnd ?? c.streamStart!;
  const start = now(x);
  const acked = () => c.agent!.checkpointsAcked.some((t) => t >= from);
  await c.waiter.until(() => acked() || over(x), Math.min(x.deadline, start + limit + 1));
  if (acked()) return { passed: true, actual_ms: Math.max(0, c.agent!.checkpointsAcked.find((t) => t >= from)! - start) };
  const sent = c.agent!.checkpointsSent.filter((t) => t >= from).length;
  return { passed: false, actual_ms: null, message: `no checkpoint was acknowledged within ${limit} ms (${sent === 0 ? 'the agent sent none' : `the agent sent ${sent}; its audio before them had not finished playing`})` };
}

async function agentHangsUp(x: StepContext, limit: number): Promise<Outcome> {
  const { c } = x;
  const start = now(x);
  await c.waiter.until(() => over(x), Math.min(x.deadline, start + limit + 1));
  const ended = c.ended;
  if (ended?.by === 'agent' && ended.at - start <= limit) return { passed: true, actual_ms: Math.max(0, ended.at - start) };
  return { passed: false, actual_ms: ended ? ended.at - start : null, message: ended && ended.by !== 'agent' ? `the agent did not hang up: the call ended by ${ended.by}` : `the agent did not hang up within ${limit} ms` };
}

function answerWebhook(x: StepContext, limit: number): Outcome {
  const ms = x.c.answerWebhookMs;
  if (ms !== null && ms <= limit) return { passed: true, actual_ms: ms };
  return { passed: false, actual_ms: ms, message: ms === null ? 'the answer webhook never answered' : `the answer webhook took ${ms} ms, more than ${limit} ms` };
}

async function expectOne(x: StepContext, e: Expectation): Promise<Outcome> {
  const [name, limit] = Object.entries(e)[0] as [keyof Expectation, number | true];
  const base = { expectation: name, limit_ms: typeof limit === 'number' ? limit : null };
  const ms = limit as number;
  switch (name) {
    case 'agent_speaks_within_ms': return { ...base, ...(await agentSpeaks(x, ms)) };
    case 'agent_silent_for_ms': return { ...base, ...(await agentSilent(x, ms)) };
    case 'agent_stops_within_ms': return { ...base, ...(await agentStops(x, ms)) };
    case 'checkpoint_acknowledged_within_ms': return { ...base, ...(await checkpointAcked(x, ms)) };
    case 'agent_hangs_up_within_ms': return { ...base, ...(await agentHangsUp(x, ms)) };
    case 'answer_webhook_within_ms': return { ...base, ...answerWebhook(x, ms) };
    // Judged when the call is over, over every message (runner.ts).
    case 'no_protocol_violations': return base;
  }
}

export async function runStep(x: StepContext, step: Step, index: number): Promise<StepResult> {
  const kind = Object.keys(step)[0] as StepResult['kind'];
  const started = now(x);
  let outcome: Outcome = {};
  if ('say' in step) await say(x, x.speech.get(index)!);
  else if ('silence' in step) await sleep(x, step.silence);
  else if ('dtmf' in step) {
    const run = x.c.call ? liveRun(x.c.ctx, x.c.call.call_uuid) : undefined;
    for (const d of step.dtmf) run?.stream?.sendDtmf(d);
    x.c.dtmf.push({ at: started, digits: step.dtmf });
  } else if ('hangup' in step) {
    const run = x.c.call ? liveRun(x.c.ctx, x.c.call.call_uuid) : undefined;
    x.c.callerHungUp = true;
    if (run) hangupByParty(x.c.ctx, run);
  } else if ('barge_in' in step) outcome = await bargeIn(x, step.barge_in.after_ms, x.speech.get(index)!);
  else outcome = await expectOne(x, step.expect);
  const origin = x.c.streamStart ?? started;
  return { step: index + 1, kind, started_ms: started - origin, ended_ms: now(x) - origin, ...outcome };
}
