// Naive linear-interpolation resampling: good enough for test prompts, not for hi-fi audio.
/** How many samples resample() makes of `samples` (to know the cost before paying it). */
export function resampledLength(samples: number, from: number, to: number): number {
  if (from === to || samples === 0) return samples;
  return Math.max(1, Math.round((samples * to) / from));
}

export function resample(pcm: Int16Array, from: number, to: number): Int16Array {
  if (from === to || pcm.length === 0) return pcm;
  const length = resampledLength(pcm.length, from, to);
  const out = new Int16Array(length);
  const step = from / to;
  for (let i = 0; i < length; i++) {
    const pos = i * step;
    const left = Math.floor(pos);
    const a = pcm[Math.min(left, pcm.length - 1)]!;
    const b = pcm[Math.min(left + 1, pcm.length - 1)]!;
    out[i] = Math.round(a + (b - a) * (pos - left));
  }
  return out;
}
