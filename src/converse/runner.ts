// Runs one conversation script against the user's agent on a mock: sets up the call (inbound
// to a number linked to an app with the agent's answer_url, or outbound through POST /calls),
// waits for the stream, runs the steps in order on the mock's clock, hangs up if the script
// did not, and answers the result (result.ts). On a virtual clock it moves the clock itself,
// so a conversation of a minute takes milliseconds and its figures are exact.
import type { MockContext } from '../core/context.ts';
import { callObservers } from '../sfvopi/engine/observer.ts';
import { hangupByParty, liveRun } from '../sfvopi/engine/lifecycle.ts';
import { runtimeOf } from '../sfvopi/engine/runtime.ts';
import { SILENCE } from '../sfvopi/engine/caller-audio.ts';
import { createTracks, newTrack } from '../load/sfvopi-tracks.ts';
import { placeCall } from '../load/sfvopi-placer.ts';
import { callerSpeech, type CallerSpeech, type SpeechDeps } from './caller-speech.ts';
import { conversationObserver, createConversation, type Conversation } from './conversation.ts';
import { buildResult, type ConversationResult } from './result.ts';
import { DEFAULT_CONVERSE_LIMITS, DEFAULT_TIMEOUT_MS, checkScript, parseScript, ScriptError, type ConversationScript, type ConverseLimits } from './script.ts';
import { setUpAgent, type ConverseSetup, type ConverseTarget, type ConverseMock } from './setup.ts';
import { runStep, type StepResult } from './steps.ts';

export interface ConverseOptions extends SpeechDeps {
  /** The agent's answer webhook; wins over the script's call.answer_url. */
  answerUrl?: string;
  /** An app and number already set up (a batch shares one). */
  setup?: ConverseSetup;
  limits?: Partial<ConverseLimits>;
  /** The call's index in a batch: it picks the caller's number. */
  index?: number;
  /** Move a virtual clock until the conversation is over (default true; a real clock moves itself). */
  drive?: boolean;
}

/** Time the hangup may take once the script is over (stream close, hangup webhook). */
export const HANGUP_GRACE_MS = 15_000;

async function loadSpeech(script: ConversationScript, limits: ConverseLimits, deps: SpeechDeps): Promise<Map<number, CallerSpeech>> {
  const speech = new Map<number, CallerSpeech>();
  for (const [i, step] of script.steps.entries()) {
    const say = 'say' in step ? step.say : 'barge_in' in step ? step.barge_in.say : null;
    if (say) speech.set(i, await callerSpeech(say, limits, deps));
  }
  return speech;
}

/** Advances a virtual clock frame by frame until `work` settles, letting real I/O in between. */
export async function driven<T>(ctx: MockContext, work: Promise<T>, maxMs: number): Promise<T> {
  let settled = false;
  void work.then(() => { settled = true; }, () => { settled = true; });
  for (let t = 0; !settled && t <= maxMs; t += 20) {
    await ctx.clock.advance(20);
    await new Promise((r) => setTimeout(r, 0));
  }
  return work;
}

async function steps(c: Conversation, script: ConversationScript, speech: Map<number, CallerSpeech>, deadline: number): Promise<StepResult[]> {
  const out: StepResult[] = [];
  for (const [i, step] of script.steps.entries()) {
    if (c.ctx.clock.now() >= deadline) {
      c.timedOut = true;
      break;
    }
    out.push(await runStep({ c, deadline, speech }, step, i));
  }
  return out;
}

export async function converse(ctx: MockContext, target: ConverseTarget, script: ConversationScript, options: ConverseOptions, limits: ConverseLimits): Promise<ConversationResult> {
  const speech = await loadSpeech(script, limits, { ...options, files: options.files ?? ctx.files });
  const answerUrl = options.answerUrl ?? script.call?.answer_url;
  if (!options.setup && !answerUrl) throw new ScriptError(`${script.name}: no answer URL (give --answer-url, or call.answer_url in the script)`);
  const setup = options.setup ?? (await setUpAgent(ctx, target, answerUrl!));
  const c = createConversation(ctx, limits);
  const tracks = createTracks();
  const observer = conversationObserver(c, tracks);
  const outbound = script.call?.direction === 'outbound';
  const callees: string[] = [];
  callObservers(ctx).add(observer);
  try {
    const deadline = ctx.clock.now() + (script.timeout_ms ?? DEFAULT_TIMEOUT_MS);
    const failure = await placeCall({
      ctx, app: setup.app, api: target.fetch, tracks, audio: SILENCE, callees,
      target: outbound
        ? { provider: 'sfvopi', direction: 'outbound', from: setup.number, answer_url: options.answerUrl ?? setup.answerUrl, api_key: setup.apiKey }
        : { provider: 'sfvopi', direction: 'inbound', to: setup.number },
    }, newTrack(options.index ?? 0), null);
    if (failure) return buildResult(c, script.name, [], failure);
    await c.waiter.until(() => c.streamStart !== null || c.ended !== null, deadline);
    if (c.streamStart === null) {
      c.timedOut = c.ended === null;
      return await finish(c, script, [], c.ended?.failure ? `the call failed: ${c.ended.failure}` : 'the stream never opened');
    }
    return await finish(c, script, await steps(c, script, speech, deadline), null);
  } finally {
    callObservers(ctx).delete(observer);
    for (const n of callees) runtimeOf(ctx).callees.delete(n);
  }
}

/** Hangs up what the script left open, waits for the call to end, and builds the result. */
async function finish(c: Conversation, script: ConversationScript, results: StepResult[], error: string | null): Promise<ConversationResult> {
  const run = c.call ? liveRun(c.ctx, c.call.call_uuid) : undefined;
  if (run && c.ended === null) {
    if (!c.timedOut) c.callerHungUp = true;
    hangupByParty(c.ctx, run);
  }
  await c.waiter.until(() => c.ended !== null, c.ctx.clock.now() + HANGUP_GRACE_MS);
  if (!error && c.ended?.by === 'failed' && c.ended.failure) error = `the call failed: ${c.ended.failure}`;
  return buildResult(c, script.name, results, error);
}

/**
 * Runs a conversation script (an object, or YAML/JSON text) against the agent whose answer
 * webhook is `options.answerUrl` (or the script's call.answer_url). Throws ScriptError for a
 * script that cannot run; an agent that breaks a rule is a failed result, not an error.
 */
export async function runConversationOn(
  mock: ConverseMock,
  script: ConversationScript | string,
  options: ConverseOptions = {},
): Promise<ConversationResult> {
  const limits = { ...DEFAULT_CONVERSE_LIMITS, ...options.limits };
  const parsed = typeof script === 'string' ? parseScript(script, 'script', limits) : checkScript(script, limits, 'script');
  const { ctx } = mock;
  const work = converse(ctx, mock, parsed, options, limits);
  if (ctx.clock.kind !== 'virtual' || options.drive === false) return work;
  return driven(ctx, work, (parsed.timeout_ms ?? DEFAULT_TIMEOUT_MS) + HANGUP_GRACE_MS + 30_000);
}
