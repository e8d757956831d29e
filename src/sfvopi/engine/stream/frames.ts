// The frame path, once per 20 ms of clock time: the caller's next frame goes out (except on an
// OUTBOUND stream, which streams what the server played instead), one frame of the playback
// queue plays, and checkpoints it reached are answered. It allocates nothing that repeats.
import { createFrameSource, type AudioSpec, type FrameSource } from '../../../audio/source.ts';
import { bytesPerSample, encodePcmInto } from '../../../audio/codec.ts';
import { toBase64 } from '../../../audio/base64.ts';
import type { LiveStream } from './live.ts';
import type { Outgoing } from './outgoing.ts';
import type { PlaybackQueue } from './playback-queue.ts';
import type { Checkpoints } from './checkpoints.ts';
import { createFrameSchedule, type FrameSchedule } from './frame-schedule.ts';

export interface Frames {
  /** Sends the frames due as of `asOf` (the tick's time, or now at close). */
  sendDue(asOf: number): void;
  /** Starts the schedule: frame 1 is due a frame period after `origin`. */
  start(origin: number): void;
  /** What the caller says from now on. */
  setSource(spec: AudioSpec): void;
}

export function createFrames(live: LiveStream, audio: AudioSpec, out: Outgoing, queue: PlaybackQueue, checkpoints: Checkpoints): Frames {
  const { config, recorder } = live;
  const outbound = config.direction === 'OUTBOUND';
  let source: FrameSource = createFrameSource(audio, live.format);
  let schedule: FrameSchedule | null = null;
  // Reused every frame: what played, its encoding (OUTBOUND), the checkpoints reached.
  const played = new Int16Array(live.format.frameSamples);
  const trackBytes = new Uint8Array(live.format.frameSamples * bytesPerSample(config.codec));
  const reached: string[] = [];

  const frame = () => {
    // The caller keeps talking even when not streamed.
    const payload = source.next();
    if (!outbound) out.sendMedia(payload);
    // Audio nobody will hear (no recording wants it, nothing streams it back) plays without decoding.
    const n = queue.playFrame(played, reached, outbound || recorder.wants);
    if (outbound) {
      played.fill(0, n);
      encodePcmInto(config.codec, played, trackBytes);
      out.sendMedia(toBase64(trackBytes));
    }
    if (reached.length > 0) {
      checkpoints.reached(reached);
      reached.length = 0;
    }
  };

  return {
    sendDue(asOf) {
      if (!schedule) return;
      for (let due = schedule.take(asOf); due > 0; due--) frame();
    },
    start(origin) {
      schedule = createFrameSchedule(origin);
    },
    setSource(spec) {
      source = createFrameSource(spec, live.format);
    },
  };
}
