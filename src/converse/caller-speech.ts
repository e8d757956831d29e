// What a `say` step sends: the audio (a WAV played once, then silence) with its length and the
// end of its speech, both whole 20 ms frames from its start, so the runner can tell from the
// engine's media count when the caller stopped speaking.
import { FRAME_MS } from '../audio/codec.ts';
import { parseWav } from '../audio/wav.ts';
import type { LoadedAudio } from '../sfvopi/engine/caller-audio.ts';
import { loadCallerAudio } from '../sfvopi/engine/caller-audio.ts';
import type { FileAccess } from '../core/files.ts';
import { speechEndMs } from '../load/utterance.ts';
import { speakText } from './tts.ts';
import { ScriptError, type ConverseLimits, type Say } from './script.ts';

export interface CallerSpeech {
  audio: LoadedAudio;
  /** Media frames the audio takes. */
  frames: number;
  /** Frames up to and including the last one holding speech. */
  speechFrames: number;
  /** What was said, for the timeline. */
  label: string;
}

export interface SpeechDeps {
  /** Where relative WAV paths are read from (the script's folder). */
  baseDir?: string;
  /** Text to WAV bytes; default espeak-ng. */
  tts?: (text: string) => Promise<Uint8Array>;
  /** Reads WAV files (the mock's injected file access). */
  files?: FileAccess;
}

/**
 * The utterances voicemock ships (made once with espeak-ng; see utterances/README.md), at the
 * package's root: two folders up from src/converse/ and dist/converse/, one from dist/cli.mjs.
 */
const UTTERANCE_DIRS = [new URL('../../utterances/', import.meta.url), new URL('../utterances/', import.meta.url)];

const frames = (ms: number) => Math.ceil(ms / FRAME_MS);

function tone(ms: number, frequency: number): LoadedAudio {
  const sampleRate = 8000;
  const samples = new Int16Array(Math.round((sampleRate * ms) / 1000));
  const peak = Math.round(32767 * 0.3);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(peak * Math.sin((2 * Math.PI * frequency * i) / sampleRate));
  return { spec: { type: 'wav', pcm: { sampleRate, samples } }, info: { type: 'wav', sample_rate: sampleRate, duration_ms: ms } };
}

function fromWav(bytes: Uint8Array, label: string): LoadedAudio {
  let pcm;
  try {
    pcm = parseWav(bytes);
  } catch (e) {
    throw new ScriptError(`${label} is not a usable WAV: ${(e as Error).message}`);
  }
  return { spec: { type: 'wav', pcm }, info: { type: 'wav', sample_rate: pcm.sampleRate, duration_ms: Math.round((pcm.samples.length * 1000) / pcm.sampleRate) } };
}

async function audioOf(say: Say, deps: SpeechDeps): Promise<{ audio: LoadedAudio; label: string }> {
  if ('tone_ms' in say) return { audio: tone(say.tone_ms, say.frequency_hz ?? 440), label: `tone ${say.tone_ms} ms` };
  if ('text' in say) {
    try {
      return { audio: fromWav(await (deps.tts ?? speakText)(say.text), 'the spoken text'), label: say.text };
    } catch (e) {
      throw new ScriptError((e as Error).message);
    }
  }
  if ('utterance' in say) {
    for (const dir of UTTERANCE_DIRS) {
      const found = await loadCallerAudio({ type: 'wav', path: new URL(`${say.utterance}.wav`, dir).pathname }, deps.files).catch(() => null);
      if (found) return { audio: found, label: say.utterance };
    }
    throw new ScriptError(`no utterance "${say.utterance}" (voicemock ships hello, question, thanks, goodbye)`);
  }
  const path = say.wav.startsWith('/') || !deps.baseDir ? say.wav : `${deps.baseDir.replace(/\/+$/, '')}/${say.wav}`;
  try {
    return { audio: await loadCallerAudio({ type: 'wav', path }, deps.files), label: say.wav };
  } catch (e) {
    throw new ScriptError((e as Error).message);
  }
}

export async function callerSpeech(say: Say, limits: ConverseLimits, deps: SpeechDeps = {}): Promise<CallerSpeech> {
  const { audio, label } = await audioOf(say, deps);
  if (audio.spec.type !== 'wav') throw new ScriptError(`${label}: not a WAV`);
  const { pcm } = audio.spec;
  const ms = (pcm.samples.length * 1000) / pcm.sampleRate;
  if (ms > limits.maxSayMs) throw new ScriptError(`${label}: ${Math.round(ms)} ms of audio, more than the limit of ${limits.maxSayMs} ms`);
  return { audio, frames: frames(ms), speechFrames: frames(speechEndMs(pcm.samples, pcm.sampleRate)), label };
}
