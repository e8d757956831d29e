// Turns the control API's audio choice into a source spec (decoding and parsing a WAV once)
// and the summary the call record shows.
import type { components } from '../../generated/control-api.ts';
import type { AudioSpec } from '../../audio/source.ts';
import { DEFAULT_TONE_AMPLITUDE } from '../../audio/source.ts';
import { fromBase64 } from '../../audio/base64.ts';
import { parseWav } from '../../audio/wav.ts';

export type CallerAudio = components['schemas']['CallerAudio'];
export type CallerAudioInfo = components['schemas']['CallerAudioInfo'];

export interface LoadedAudio {
  spec: AudioSpec;
  info: CallerAudioInfo;
}

export const SILENCE: LoadedAudio = { spec: { type: 'silence' }, info: { type: 'silence' } };

async function readLocalFile(path: string): Promise<Uint8Array> {
  // Node only; kept out of the static import graph so the handlers stay browser-safe.
  const specifier = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ specifier)) as { readFile(p: string): Promise<Uint8Array> };
  return fs.readFile(path);
}

/** Throws an Error whose message explains what is wrong with the audio. */
export async function loadCallerAudio(input: CallerAudio | undefined): Promise<LoadedAudio> {
  if (!input || input.type === 'silence') return SILENCE;
  if (input.type === 'tone') {
    const amplitude = input.amplitude ?? DEFAULT_TONE_AMPLITUDE;
    return {
      spec: { type: 'tone', frequency_hz: input.frequency_hz, amplitude },
      info: { type: 'tone', frequency_hz: input.frequency_hz, amplitude },
    };
  }
  let bytes: Uint8Array;
  if ('base64' in input) {
    try {
      bytes = fromBase64(input.base64);
    } catch {
      throw new Error('audio.base64 is not valid base64');
    }
  } else {
    try {
      bytes = await readLocalFile(input.path);
    } catch (e) {
      throw new Error(`cannot read ${input.path}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  let pcm;
  try {
    pcm = parseWav(bytes);
  } catch (e) {
    throw new Error(`audio is not a usable WAV: ${(e as Error).message}`);
  }
  return {
    spec: { type: 'wav', pcm },
    info: { type: 'wav', sample_rate: pcm.sampleRate, duration_ms: Math.round((pcm.samples.length * 1000) / pcm.sampleRate) },
  };
}
