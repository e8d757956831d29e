// The stream's playback queue: audio the user's server sent with playAudio waits here, and
// plays one frame per tick into the recording. G.711 at the stream's rate waits as it came and
// is decoded only if it is heard; other audio is decoded and resampled on arrival. Checkpoints
// wait in it too. Bounded twice: MAX_QUEUED_SECONDS of audio, and maxStreamQueuedBytes of what
// it holds (audio as stored, checkpoint names), so that neither a fast TTS nor a flood of huge
// checkpoint names swells the mock; past either, later playAudio and checkpoints are dropped.
import { base64ChunkBytes, CHECKPOINT_OVERHEAD_BYTES, createPlayback, type Playback } from '../../../audio/playback.ts';
import { codecOfContentType, decodeToPcm } from '../../../audio/codec.ts';
import { alphabetDecodedLength, fromBase64, fromBase64Alphabet } from '../../../audio/base64.ts';
import { resample, resampledLength } from '../../../audio/resample.ts';
import { ALAW_TABLE, ULAW_TABLE } from '../../../audio/g711.ts';
import { addEvent } from '../call-events.ts';
import { MAX_QUEUED_SECONDS } from '../limits.ts';
import type { PlayAudioMedia } from '../client-message.ts';
import { msOf, type LiveStream } from './live.ts';

export interface PlaybackQueue {
  readonly playback: Playback;
  /** Queues a playAudio message's audio; `alphabetOnly`: its payload is known to hold only base64 characters. Returns an invalid-message reason, or null. */
  enqueue(media: PlayAudioMedia, alphabetOnly: boolean): string | null;
  /** A checkpoint: reached at once (nothing queued), waiting behind the audio, or dropped (queue full). */
  checkpoint(name: string): 'reached' | 'waiting' | 'dropped';
  /** Plays one frame into `out` (decoded only when `heard`), records it, pushes checkpoint names reached; returns samples played. */
  playFrame(out: Int16Array, reached: string[], heard: boolean): number;
  /** clearAudio: drops what waits; returns the dropped checkpoint names. */
  clear(): string[];
}

const NOT_BASE64 = 'playAudio payload is not base64';
const NOT_A_RATE = 'playAudio sampleRate is not a positive number of Hz';

export function createPlaybackQueue(live: LiveStream): PlaybackQueue {
  const { ctx, call, config, record, recorder } = live;
  const rate = live.format.sampleRate;
  const playback = createPlayback();

  const maxBytes = live.limits.maxStreamQueuedBytes;

  /** True (and noted, once per stream) when `samples` more audio holding `bytes` would pass a bound. */
  const full = (samples: number, bytes: number) => {
    const overSeconds = playback.queued + samples > rate * MAX_QUEUED_SECONDS;
    if (!overSeconds && playback.bytes + bytes <= maxBytes) return false;
    if (!live.noted.has('queue_full')) {
      addEvent(ctx, call, 'play_ignored', overSeconds
        ? { message: `playback queue full (${MAX_QUEUED_SECONDS} s); audio dropped` }
        : { message: `playback queue full (maxStreamQueuedBytes ${maxBytes}); audio and checkpoints dropped`, detail: { max_stream_queued_bytes: maxBytes } });
    }
    live.noted.add('queue_full');
    return true;
  };

  const received = (samples: number) => {
    record.play_received++;
    live.engine.countersChanged();
    live.hooks.onClientEvent?.('playAudio', msOf(live, samples));
    record.queued_ms = msOf(live, playback.queued);
    record.queued_bytes = playback.bytes;
  };

  const enqueue = (media: PlayAudioMedia, alphabetOnly: boolean): string | null => {
    if (!config.bidirectional) {
      if (!live.noted.has('play_ignored')) addEvent(ctx, call, 'play_ignored', { message: 'playAudio ignored: the Stream JSON did not set bidirectional: true' });
      live.noted.add('play_ignored');
      return null;
    }
    const codec = codecOfContentType(media.contentType) ?? config.codec;
    const fromRate = media.sampleRate ?? (codec === 'L16' ? rate : 8000);
    // The schema takes any integer; resampling from 0 or less cannot work (it threw, uncaught).
    if (fromRate <= 0) return NOT_A_RATE;
    const table = codec === 'PCMA' ? ALAW_TABLE : ULAW_TABLE;
    if (alphabetOnly && codec !== 'L16' && fromRate === rate) {
      // G.711 at the stream's rate, from a message already checked character by character: its
      // length says whether atob takes it and how long it plays; decoding waits until it is heard.
      const samples = alphabetDecodedLength(media.payload);
      if (samples < 0) return NOT_BASE64;
      if (!full(samples, base64ChunkBytes(media.payload, samples))) {
        playback.enqueueBase64(media.payload, samples, table);
        received(samples);
      }
      return null;
    }
    let bytes: Uint8Array;
    try {
      bytes = alphabetOnly ? fromBase64Alphabet(media.payload) : fromBase64(media.payload);
    } catch {
      return NOT_BASE64;
    }
    // G.711 at the stream's rate waits as it came and is decoded as it plays: no copy per message.
    const coded = codec !== 'L16' && fromRate === rate;
    // Checked before resampling: a low rate stretches a small message into a huge allocation.
    const samples = coded ? bytes.length : resampledLength(codec === 'L16' ? bytes.length >> 1 : bytes.length, fromRate, rate);
    if (full(samples, coded ? samples : samples * 2)) return null;
    const pcm = coded ? null : resample(decodeToPcm(codec, bytes), fromRate, rate);
    if (pcm) playback.enqueue(pcm);
    else playback.enqueueCoded(bytes, table);
    received(pcm ? pcm.length : bytes.length);
    return null;
  };

  const playFrame = (out: Int16Array, reached: string[], heard: boolean): number => {
    const played = playback.queued > 0 ? playback.playInto(out, reached, !heard) : 0;
    if (played === 0) return 0;
    if (heard) {
      const wasTruncated = recorder.truncated;
      recorder.append(out, played);
      if (!wasTruncated && recorder.truncated) {
        addEvent(ctx, call, 'recording_truncated', {
          detail: recorder.truncatedBy === 'duration' ? { max_seconds: ctx.config.recording.maxSeconds } : { max_bytes: live.engine.budget.maxBytes },
        });
      }
      record.recorded_ms = msOf(live, recorder.samples);
    }
    record.played_ms += msOf(live, played);
    record.queued_ms = msOf(live, playback.queued);
    record.queued_bytes = playback.bytes;
    return played;
  };

  const checkpoint = (name: string) => {
    if (playback.queued === 0) return 'reached';
    if (full(0, name.length + CHECKPOINT_OVERHEAD_BYTES)) return 'dropped';
    playback.checkpoint(name);
    record.queued_bytes = playback.bytes;
    return 'waiting';
  };

  return {
    playback,
    enqueue,
    checkpoint,
    playFrame,
    clear() {
      const dropped = playback.clear();
      record.queued_ms = 0;
      record.queued_bytes = 0;
      return dropped;
    },
  };
}
