// The agent's side of one stream, as the caller hears it: every message the agent sends is
// checked (the WsClientMessage schema in openapi.yaml, the codec and rate its Stream JSON
// named, JSON text frames only), and its playAudio audio is decoded and placed on a playback
// line (a message plays once what was queued before it has played; clearAudio cuts it), where
// an energy detector marks the stretches of speech. Silence the agent sends is not speech. A
// binary frame is a violation, and is timed as the playAudio text frame it should have been.
import type { MockContext } from '../core/context.ts';
import { fromBase64 } from '../audio/base64.ts';
import { codecOfContentType, CONTENT_TYPES, decodeToPcm, type Codec } from '../audio/codec.ts';
import { checkClientMessage } from '../sfvopi/engine/client-message.ts';
import { excerpt } from '../core/text.ts';

/** A 20 ms window whose RMS is above this (about -40 dBFS) is speech. */
export const SPEECH_RMS = 328;
/** Speech windows closer than this merge into one stretch (the gaps between words). */
const MERGE_GAP_MS = 200;
const WINDOW_MS = 20;

export interface Span {
  start: number;
  end: number;
}

export interface Violation {
  /** ms from the stream's start. */
  at_ms: number;
  rule: 'binary_frame' | 'not_json' | 'schema' | 'codec' | 'sample_rate';
  message: string;
  /** The message that broke the rule (cut to 300 characters). */
  sent: string;
}

export interface AgentAudio {
  /** Stretches of agent speech, in clock ms, as heard (the last may still be growing or cut). */
  readonly speech: Span[];
  readonly violations: Violation[];
  violationCount: number;
  /** Clock times of checkpoints sent, and of their acknowledgements (playedStream). */
  readonly checkpointsSent: number[];
  readonly checkpointsAcked: number[];
  readonly clears: number[];
  /** When the audio queued so far will have played. */
  playUntil: number;
  onMessage(data: unknown): void;
  onPlayedStream(): void;
}

interface StreamFormat {
  codec: Codec;
  sampleRate: number;
  startedAt: number;
}

const cut = (text: string) => excerpt(text, 300);

function rmsWindows(pcm: Int16Array, sampleRate: number): boolean[] {
  const size = Math.max(1, Math.round((sampleRate * WINDOW_MS) / 1000));
  const out: boolean[] = [];
  for (let at = 0; at < pcm.length; at += size) {
    let sum = 0;
    const end = Math.min(pcm.length, at + size);
    for (let i = at; i < end; i++) sum += pcm[i]! * pcm[i]!;
    out.push(Math.sqrt(sum / (end - at)) > SPEECH_RMS);
  }
  return out;
}

/** A binary frame, described as the JSON text frame the protocol documents for it. */
function binaryHint(data: unknown, format: StreamFormat): string {
  const bytes = data instanceof ArrayBuffer ? data.byteLength : ArrayBuffer.isView(data) ? data.byteLength : 0;
  return `binary frame of ${bytes} bytes; SFVoPI messages are JSON text frames: send audio as {"event":"playAudio","media":{"payload":"<base64>","contentType":"${CONTENT_TYPES[format.codec]}","sampleRate":${format.sampleRate}}}`;
}

interface Listening {
  ctx: MockContext;
  state: AgentAudio;
  format: StreamFormat;
  maxSpans: number;
  maxViolations: number;
}

function violate(l: Listening, rule: Violation['rule'], message: string, sent: string): void {
  l.state.violationCount++;
  if (l.state.violations.length < l.maxViolations) l.state.violations.push({ at_ms: l.ctx.clock.now() - l.format.startedAt, rule, message, sent: cut(sent) });
}

function addSpeech(l: Listening, start: number, end: number): void {
  const { speech } = l.state;
  const last = speech[speech.length - 1];
  if (last && start - last.end <= MERGE_GAP_MS) last.end = Math.max(last.end, end);
  else if (speech.length < l.maxSpans) speech.push({ start, end });
}

/** Audio plays once what was queued before it has played; its loud windows are speech. */
function play(l: Listening, pcm: Int16Array, sampleRate: number): void {
  const from = Math.max(l.ctx.clock.now(), l.state.playUntil);
  const ms = (pcm.length * 1000) / sampleRate;
  rmsWindows(pcm, sampleRate).forEach((loud, i) => {
    if (loud) addSpeech(l, from + i * WINDOW_MS, Math.min(from + (i + 1) * WINDOW_MS, from + ms));
  });
  l.state.playUntil = from + ms;
}

/** clearAudio: what has not played yet never will. */
function clear(l: Listening): void {
  const now = l.ctx.clock.now();
  const { state } = l;
  state.clears.push(now);
  state.playUntil = now;
  while (state.speech.length > 0 && state.speech[state.speech.length - 1]!.start >= now) state.speech.pop();
  const last = state.speech[state.speech.length - 1];
  if (last && last.end > now) last.end = now;
}

function onPlayAudio(l: Listening, media: { payload: string; contentType?: string; sampleRate?: number }, text: string): void {
  const { format } = l;
  const codec = codecOfContentType(media.contentType) ?? format.codec;
  if (media.contentType !== undefined && codec !== format.codec) {
    violate(l, 'codec', `playAudio contentType ${media.contentType}, but the Stream JSON asked for ${format.codec} (${CONTENT_TYPES[format.codec]})`, text);
  }
  if (media.sampleRate !== undefined && media.sampleRate !== format.sampleRate) {
    violate(l, 'sample_rate', `playAudio sampleRate ${media.sampleRate}, but the Stream JSON asked for ${format.sampleRate}`, text);
  }
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(media.payload);
  } catch {
    return; // the schema says base64 only by contentEncoding; the engine reports it
  }
  play(l, decodeToPcm(codec, bytes), media.sampleRate ?? (codec === 'L16' ? format.sampleRate : 8000));
}

function onBinary(l: Listening, data: unknown): void {
  const hint = binaryHint(data, l.format);
  violate(l, 'binary_frame', hint, `<${hint.split(';')[0]}>`);
  // Timed as the playAudio text frame it should have been, so the rest of the report still reads.
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
  if (bytes) play(l, decodeToPcm(l.format.codec, bytes), l.format.codec === 'L16' ? l.format.sampleRate : 8000);
}

function onMessage(l: Listening, data: unknown): void {
  if (typeof data !== 'string') return onBinary(l, data);
  let message: { event?: unknown; name?: unknown; media?: { payload: string; contentType?: string; sampleRate?: number } };
  try {
    message = JSON.parse(data);
  } catch {
    return violate(l, 'not_json', 'not JSON; SFVoPI messages are JSON text frames', data);
  }
  if (!checkClientMessage(message)) {
    const problems = l.ctx.contract.validateAt('#/components/schemas/WsClientMessage', message);
    if (problems.length > 0) {
      const first = problems.slice(0, 3).map((p) => `${p.location || 'message'} ${p.message}`).join('; ');
      return violate(l, 'schema', `does not match WsClientMessage in openapi.yaml (event ${JSON.stringify(message?.event ?? null)}): ${first}`, data);
    }
  }
  if (message.event === 'playAudio') onPlayAudio(l, message.media!, data);
  else if (message.event === 'clearAudio') clear(l);
  else if (message.event === 'checkpoint') l.state.checkpointsSent.push(l.ctx.clock.now());
}

export function createAgentAudio(ctx: MockContext, format: StreamFormat, maxSpans: number, maxViolations: number): AgentAudio {
  const state: AgentAudio = {
    speech: [], violations: [], violationCount: 0, checkpointsSent: [], checkpointsAcked: [], clears: [], playUntil: 0,
    onMessage: (data) => onMessage(listening, data),
    onPlayedStream: () => { state.checkpointsAcked.push(ctx.clock.now()); },
  };
  const listening: Listening = { ctx, state, format, maxSpans, maxViolations };
  return state;
}

/** The stretch of agent speech heard at `t`, if any. */
export function speechAt(audio: AgentAudio, t: number): Span | undefined {
  for (let i = audio.speech.length - 1; i >= 0; i--) {
    const s = audio.speech[i]!;
    if (s.start <= t && t < s.end) return s;
    if (s.end <= t) return undefined;
  }
  return undefined;
}

/** The first stretch of speech starting at or after `t`. */
export function speechFrom(audio: AgentAudio, t: number): Span | undefined {
  return audio.speech.find((s) => s.start >= t);
}
