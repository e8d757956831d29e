// What the simulated party says into the call: silence, a sine tone, or a WAV prompt (played
// once, then silence). A source hands out PCM16 at the stream's rate, one frame at a time; a
// frame source hands out whole frames already encoded (base64 of the stream's codec), built
// once where the content repeats: silence is one frame, a tone a one-second cycle, and a WAV's
// frames are kept on its spec, so every call playing that WAV shares them.
import { resample } from './resample.ts';
import { bytesPerSample, encodePcmInto, type Codec } from './codec.ts';
import { toBase64 } from './base64.ts';
import type { Pcm } from './wav.ts';

export type AudioSpec =
  | { type: 'silence' }
  | { type: 'tone'; frequency_hz: number; amplitude?: number }
  | { type: 'wav'; pcm: Pcm; frames?: Map<string, string[]> };

export interface AudioSource {
  next(samples: number): Int16Array;
}

export const DEFAULT_TONE_AMPLITUDE = 0.3;

/** Fills out with the tone's samples from `index` on; the phase argument restarts every second. */
function toneInto(out: Int16Array, amplitude: number, step: number, index: number): void {
  for (let i = 0; i < out.length; i++) out[i] = Math.round(amplitude * Math.sin(step * index++));
}

export function createSource(spec: AudioSpec, sampleRate: number): AudioSource {
  if (spec.type === 'silence') return { next: (n) => new Int16Array(n) };
  if (spec.type === 'tone') {
    const amplitude = Math.round(32767 * (spec.amplitude ?? DEFAULT_TONE_AMPLITUDE));
    const step = (2 * Math.PI * spec.frequency_hz) / sampleRate;
    let index = 0;
    return {
      next(n) {
        const out = new Int16Array(n);
        toneInto(out, amplitude, step, index);
        // Keeps the phase argument small over long calls.
        index = (index + n) % sampleRate;
        return out;
      },
    };
  }
  const samples = resample(spec.pcm.samples, spec.pcm.sampleRate, sampleRate);
  let position = 0;
  return {
    next(n) {
      const out = new Int16Array(n);
      const part = samples.subarray(position, position + n);
      out.set(part);
      position += part.length;
      return out;
    },
  };
}

export interface FrameSource {
  /** The next frame's payload: base64 of one frame in the stream's codec. */
  next(): string;
}

export interface FrameFormat {
  codec: Codec;
  sampleRate: number;
  frameSamples: number;
}

function encodeFrame(format: FrameFormat, pcm: Int16Array, bytes: Uint8Array): string {
  encodePcmInto(format.codec, pcm, bytes);
  return toBase64(bytes);
}

export function createFrameSource(spec: AudioSpec, format: FrameFormat): FrameSource {
  const { sampleRate, frameSamples } = format;
  const bytes = new Uint8Array(frameSamples * bytesPerSample(format.codec));
  const pcm = new Int16Array(frameSamples);
  const silence = encodeFrame(format, pcm, bytes);
  if (spec.type === 'silence') return { next: () => silence };
  if (spec.type === 'tone') {
    const amplitude = Math.round(32767 * (spec.amplitude ?? DEFAULT_TONE_AMPLITUDE));
    const step = (2 * Math.PI * spec.frequency_hz) / sampleRate;
    let index = 0;
    // Frames repeat every second when a second is a whole number of frames (8, 16, 44.1, 48 kHz).
    const cycle = sampleRate % frameSamples === 0 ? new Array<string | undefined>(sampleRate / frameSamples) : null;
    let frame = 0;
    return {
      next() {
        let payload = cycle?.[frame];
        if (payload === undefined) {
          toneInto(pcm, amplitude, step, index);
          payload = encodeFrame(format, pcm, bytes);
          if (cycle) cycle[frame] = payload;
        }
        index = (index + frameSamples) % sampleRate;
        if (cycle) frame = (frame + 1) % cycle.length;
        return payload;
      },
    };
  }
  const key = `${format.codec}/${sampleRate}/${frameSamples}`;
  const frames = (spec.frames ??= new Map());
  let encoded = frames.get(key);
  if (!encoded) {
    const samples = resample(spec.pcm.samples, spec.pcm.sampleRate, sampleRate);
    encoded = [];
    for (let at = 0; at < samples.length; at += frameSamples) {
      const part = samples.subarray(at, at + frameSamples);
      pcm.fill(0);
      pcm.set(part);
      encoded.push(encodeFrame(format, pcm, bytes));
    }
    frames.set(key, encoded);
  }
  const all = encoded;
  let position = 0;
  return { next: () => (position < all.length ? all[position++]! : silence) };
}
