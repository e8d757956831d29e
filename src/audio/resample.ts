// Naive linear-interpolation resampling: good enough for test prompts, not for hi-fi audio.
export function resample(pcm: Int16Array, from: number, to: number): Int16Array {
  if (from === to || pcm.length === 0) return pcm;
  const length = Math.max(1, Math.round((pcm.length * to) / from));
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
