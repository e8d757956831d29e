// One conversation's live state: the call, what the caller said when, what the agent sent
// (agent-audio.ts), and how the call ended. The engine's observer (engine/observer.ts) feeds it.
import type { MockContext } from '../core/context.ts';
import type { SfvCall } from '../sfvopi/model.ts';
import type { CallObserver } from '../sfvopi/engine/observer.ts';
import type { Codec } from '../audio/codec.ts';
import { createAgentAudio, type AgentAudio, type Span } from './agent-audio.ts';
import { createWaiter, type Waiter } from './waiter.ts';
import type { ConverseLimits } from './script.ts';
import type { Tracks } from '../load/sfvopi-tracks.ts';

export interface CallerSaying {
  /** The media count at which its speech, and its audio, are over. */
  speechEndsAt: number;
  audioEndsAt: number;
  span: Span;
}

export interface Conversation {
  ctx: MockContext;
  limits: ConverseLimits;
  waiter: Waiter;
  call: SfvCall | null;
  answerWebhookMs: number | null;
  streamStart: number | null;
  format: { codec: Codec; sampleRate: number } | null;
  agent: AgentAudio | null;
  media: number;
  saying: CallerSaying | null;
  callerSpeech: Span[];
  lastCallerSpeechEnd: number | null;
  bargeIns: number[];
  dtmf: Array<{ at: number; digits: string }>;
  callerHungUp: boolean;
  timedOut: boolean;
  ended: { at: number; by: 'agent' | 'caller' | 'timeout' | 'failed'; failure: string | null } | null;
}

export function createConversation(ctx: MockContext, limits: ConverseLimits): Conversation {
  return {
    ctx, limits, waiter: createWaiter(ctx.clock), call: null, answerWebhookMs: null, streamStart: null, format: null, agent: null,
    media: 0, saying: null, callerSpeech: [], lastCallerSpeechEnd: null, bargeIns: [], dtmf: [], callerHungUp: false, timedOut: false, ended: null,
  };
}

const failureOf = (call: SfvCall) => call.failure ?? [...call.events].reverse().find((e) => e.message && /failed/.test(e.type))?.message ?? `call ${call.status.toLowerCase()}`;

function onMedia(c: Conversation, count: number): void {
  c.media = count;
  const saying = c.saying;
  if (!saying) return;
  if (count === saying.speechEndsAt) {
    saying.span.end = c.ctx.clock.now();
    c.lastCallerSpeechEnd = saying.span.end;
  }
  if (count >= saying.audioEndsAt) c.saying = null;
}

/** Feeds the conversation of the call `tracks` knows as index 0 (the one this runner placed). */
export function conversationObserver(c: Conversation, tracks: Tracks): CallObserver {
  const mine = (call: SfvCall) => tracks.of(call) !== undefined;
  const now = () => c.ctx.clock.now();
  return {
    answerWebhook(call, ms) {
      if (!mine(call)) return;
      c.call = call;
      c.answerWebhookMs = ms;
      c.waiter.poke();
    },
    streamOpen(call) {
      if (!mine(call) || !call.stream) return;
      c.call = call;
      c.streamStart = now();
      c.format = { codec: call.stream.codec, sampleRate: call.stream.sample_rate };
      c.agent = createAgentAudio(c.ctx, { ...c.format, startedAt: c.streamStart }, c.limits.maxTimeline, c.limits.maxViolations);
      c.waiter.poke();
    },
    mediaSent(call, count) {
      if (!mine(call)) return;
      onMedia(c, count);
      c.waiter.poke();
    },
    streamMessage(call, data) {
      if (!mine(call)) return;
      c.agent?.onMessage(data);
      c.waiter.poke();
    },
    streamEvent(call, kind) {
      if (!mine(call)) return;
      if (kind === 'playedStream') c.agent?.onPlayedStream();
      c.waiter.poke();
    },
    ended(call) {
      if (!mine(call)) return;
      c.call = call;
      const at = call.ended_at ? Date.parse(call.ended_at) : now();
      const by = c.callerHungUp ? 'caller' : c.timedOut ? 'timeout' : call.status === 'COMPLETED' && c.streamStart !== null ? 'agent' : 'failed';
      c.ended = { at, by, failure: by === 'failed' ? failureOf(call) : null };
      c.waiter.poke();
      c.waiter.release();
    },
  };
}
