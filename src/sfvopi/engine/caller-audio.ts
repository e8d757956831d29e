// Turns the control API's audio choice into a source spec (decoding and parsing a WAV once)
// and the summary the call record shows.
import type { components } from '../../generated/control-api.ts';
import type { AudioSpec } from '../../audio/source.ts';
import { DEFAULT_TONE_AMPLITUDE } from '../../audio/source.ts';
import { fromBase64 } from '../../audio/base64.ts';
import { parseWav } from '../../audio/wav.ts';
import { NO_FILE_ACCESS, type FileAccess } from '../../core/files.ts';

export type CallerAudio = components['schemas']['CallerAudio'];
export type CallerAudioInfo = components['schemas']['CallerAudioInfo'];

export interface LoadedAudio {
  spec: AudioSpec;
  info: CallerAudioInfo;
}

export const SILENCE: LoadedAudio = { spec: { type: 'silence' }, info: { type: 'silence' } };

/** Throws an Error whose message explains what is wrong with the audio. A WAV by path is read through `files`. */
export async function loadCallerAudio(input: CallerAudio | undefined, files?: FileAccess): Promise<LoadedAudio> {
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
      if (!files) throw new Error(NO_FILE_ACCESS);
      bytes = await files.readFile(input.path);
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
