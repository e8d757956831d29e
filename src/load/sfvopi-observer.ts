// What a load run notes of the engine's events (engine/observer.ts) for the calls it placed:
// the answer webhook and connect times, when the caller's utterance ended, the agent's first
// audio after it (the response latency), late frames, and how each call ended.
import type { MockContext } from '../core/context.ts';
import type { SfvCall } from '../sfvopi/model.ts';
import type { CallObserver, StreamEventKind } from '../sfvopi/engine/observer.ts';
import type { Stats } from './stats.ts';
import type { Track, Tracks } from './sfvopi-tracks.ts';

export interface ObserverInput {
  ctx: MockContext;
  stats: Stats;
  tracks: Tracks;
  /** The media frame that carries the utterance's last speech (0: it is over when the stream opens). */
  endFrames: number;
  lateAfterMs: number;
  /** A call the run placed has ended. */
  onEnded(): void;
}

export function failureOf(call: SfvCall): string {
  if (call.failure) return call.failure;
  const event = [...call.events].reverse().find((e) => e.message && (e.type === 'stream_failed' || e.type === 'failed' || e.type === 'answer_failed'));
  if (event?.message) return event.type === 'stream_failed' ? `stream connection failed: ${event.message}` : event.message;
  return `call ${call.status.toLowerCase()}`;
}

function onPlayAudio(input: ObserverInput, track: Track, now: number, audioMs: number): void {
  const { stats } = input;
  stats.count('play_audio_frames');
  if (!track.responded) {
    if (track.utteranceEnd === null || now < track.utteranceEnd) return;
    track.responded = true;
    stats.count('responses');
    stats.sample('response_ms', now - track.utteranceEnd);
  } else if (track.speaking && now > track.queuedUntil + input.lateAfterMs) {
    stats.count('late_frames');
  }
  track.queuedUntil = Math.max(now, track.queuedUntil) + audioMs;
  track.speaking = true;
}

function onStreamEvent(input: ObserverInput, track: Track, kind: StreamEventKind, audioMs: number): void {
  const { stats } = input;
  const now = input.ctx.clock.now();
  if (kind === 'playAudio') return onPlayAudio(input, track, now, audioMs);
  if (kind === 'invalid') stats.count('malformed_messages');
  else if (kind === 'checkpoint') stats.count('checkpoints');
  else if (kind === 'playedStream') {
    stats.count('played_stream');
    track.speaking = false;
  } else if (kind === 'clearAudio') {
    stats.count('clear_audio');
    track.speaking = false;
    track.queuedUntil = now;
  }
}

export function loadObserver(input: ObserverInput): CallObserver {
  const { ctx, stats, tracks, endFrames } = input;
  return {
    answerWebhook(call, ms, ok) {
      if (!tracks.of(call)) return;
      stats.sample('answer_webhook_ms', ms);
      if (ok) stats.count('calls_answered');
    },
    streamOpen(call, ms) {
      const track = tracks.of(call);
      if (!track) return;
      stats.sample('ws_connect_ms', ms);
      stats.count('streams_opened');
      if (endFrames === 0) track.utteranceEnd = ctx.clock.now();
    },
    // The utterance ends when its last frame is sent, not when it was due: when the engine
    // falls behind (a saturated CPU), its lag must not count against the agent.
    mediaSent(call, count) {
      if (count !== endFrames) return;
      const track = tracks.of(call);
      if (track && track.utteranceEnd === null) track.utteranceEnd = ctx.clock.now();
    },
    streamEvent(call, kind, audioMs) {
      const track = tracks.of(call);
      if (track) onStreamEvent(input, track, kind, audioMs);
    },
    ended(call) {
      const track = tracks.of(call);
      if (!track) return;
      tracks.byUuid.delete(call.call_uuid);
      if (call.status === 'COMPLETED') stats.count('calls_completed');
      else {
        stats.count('calls_failed');
        stats.failure(failureOf(call));
      }
      if (!track.responded && track.utteranceEnd !== null && ctx.clock.now() >= track.utteranceEnd) stats.count('unanswered');
      input.onEnded();
    },
  };
}
