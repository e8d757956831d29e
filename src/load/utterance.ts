// The caller's side of a load call: what it says and when its utterance ends. A tone becomes a
// WAV of `utterance_end_ms` (default 1 s), so every caller says one thing, then stays silent.
import { DEFAULT_TONE_AMPLITUDE } from '../audio/source.ts';
import { FRAME_MS } from '../audio/codec.ts';
import { loadCallerAudio, type CallerAudio, type LoadedAudio } from '../sfvopi/engine/caller-audio.ts';
import type { FileAccess } from '../core/files.ts';

export const DEFAULT_TONE_UTTERANCE_MS = 1000;
/** A sample louder than this (about -40 dBFS) is speech. */
const SPEECH_THRESHOLD = 328;

export interface Utterance {
  audio: LoadedAudio;
  /** From the stream's start to the moment the frame holding the last speech is due. */
  endMs: number;
}

function toneAudio(frequency: number, amplitude: number, ms: number): LoadedAudio {
  const sampleRate = 8000;
  const samples = new Int16Array(Math.round((sampleRate * ms) / 1000));
  const peak = Math.round(32767 * amplitude);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(peak * Math.sin((2 * Math.PI * frequency * i) / sampleRate));
  return { spec: { type: 'wav', pcm: { sampleRate, samples } }, info: { type: 'wav', sample_rate: sampleRate, duration_ms: ms } };
}

export function speechEndMs(samples: Int16Array, sampleRate: number): number {
  let last = -1;
  for (let i = samples.length - 1; i >= 0; i--) {
    if (Math.abs(samples[i]!) > SPEECH_THRESHOLD) {
      last = i;
      break;
    }
  }
  return ((last + 1) * 1000) / sampleRate;
}

/** The first frame carries samples [0, 20 ms) and is due 20 ms after the stream opens. */
const frameDue = (ms: number) => Math.ceil(ms / FRAME_MS) * FRAME_MS;

export async function loadUtterance(audio: CallerAudio, utteranceEndMs: number | null, files?: FileAccess): Promise<Utterance> {
  if (audio.type === 'tone') {
    const ms = utteranceEndMs ?? DEFAULT_TONE_UTTERANCE_MS;
    return { audio: toneAudio(audio.frequency_hz, audio.amplitude ?? DEFAULT_TONE_AMPLITUDE, ms), endMs: frameDue(ms) };
  }
  const loaded = await loadCallerAudio(audio, files);
  if (utteranceEndMs !== null) return { audio: loaded, endMs: frameDue(utteranceEndMs) };
  if (loaded.spec.type !== 'wav') return { audio: loaded, endMs: 0 };
  const { samples, sampleRate } = loaded.spec.pcm;
  return { audio: loaded, endMs: frameDue(speechEndMs(samples, sampleRate)) };
}
