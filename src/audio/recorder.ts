// A capped PCM16 buffer: what the user's server played to the caller, kept as WAV material.
export interface Recorder {
  readonly sampleRate: number;
  readonly samples: number;
  /** True once the cap was reached and later audio was dropped. */
  readonly truncated: boolean;
  append(pcm: Int16Array): void;
  toPcm(): Int16Array;
}

export function createRecorder(sampleRate: number, maxSeconds: number): Recorder {
  const cap = Math.round(sampleRate * maxSeconds);
  const chunks: Int16Array[] = [];
  let samples = 0;
  let truncated = false;
  return {
    sampleRate,
    get samples() { return samples; },
    get truncated() { return truncated; },
    append(pcm) {
      const room = cap - samples;
      if (pcm.length > room) truncated = true;
      if (room <= 0) return;
      const part = pcm.length > room ? pcm.slice(0, room) : pcm;
      chunks.push(part);
      samples += part.length;
    },
    toPcm() {
      const out = new Int16Array(samples);
      let offset = 0;
      for (const c of chunks) {
        out.set(c, offset);
        offset += c.length;
      }
      return out;
    },
  };
}
