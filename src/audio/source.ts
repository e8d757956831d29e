// What the simulated party says into the call: silence, a sine tone, or a WAV prompt (played
// once, then silence). A source hands out PCM16 at the stream's rate, one frame at a time.
import { resample } from './resample.ts';
import type { Pcm } from './wav.ts';

export type AudioSpec =
  | { type: 'silence' }
  | { type: 'tone'; frequency_hz: number; amplitude?: number }
  | { type: 'wav'; pcm: Pcm };

export interface AudioSource {
  next(samples: number): Int16Array;
}

export const DEFAULT_TONE_AMPLITUDE = 0.3;

export function createSource(spec: AudioSpec, sampleRate: number): AudioSource {
  if (spec.type === 'silence') return { next: (n) => new Int16Array(n) };
  if (spec.type === 'tone') {
    const amplitude = Math.round(32767 * (spec.amplitude ?? DEFAULT_TONE_AMPLITUDE));
    const step = (2 * Math.PI * spec.frequency_hz) / sampleRate;
    let index = 0;
    return {
      next(n) {
        const out = new Int16Array(n);
        for (let i = 0; i < n; i++) out[i] = Math.round(amplitude * Math.sin(step * index++));
        // Keeps the phase argument small over long calls.
        index %= sampleRate;
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
