// G.711 A-law and μ-law from and to 16-bit linear PCM (the ITU reference algorithms, as in
// Sun's g711.c). Bulk work goes through tables: 256 entries to decode, 65,536 to encode (built
// from the reference functions on first use, so they are bit-exact by construction).

const A_SEG_END = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];
const U_SEG_END = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff];
const U_BIAS = 0x84;
const U_CLIP = 8159;

function segment(value: number, ends: number[]): number {
  for (let i = 0; i < ends.length; i++) if (value <= ends[i]!) return i;
  return ends.length;
}

export function linearToAlaw(sample: number): number {
  let pcm = sample >> 3;
  let mask: number;
  if (pcm >= 0) {
    mask = 0xd5;
  } else {
    mask = 0x55;
    pcm = -pcm - 1;
  }
  const seg = segment(pcm, A_SEG_END);
  if (seg >= 8) return 0x7f ^ mask;
  const mantissa = seg < 2 ? (pcm >> 1) & 0x0f : (pcm >> seg) & 0x0f;
  return ((seg << 4) | mantissa) ^ mask;
}

export function alawToLinear(byte: number): number {
  const a = byte ^ 0x55;
  let t = (a & 0x0f) << 4;
  const seg = (a & 0x70) >> 4;
  if (seg === 0) t += 8;
  else if (seg === 1) t += 0x108;
  else t = (t + 0x108) << (seg - 1);
  return a & 0x80 ? t : -t;
}

export function linearToUlaw(sample: number): number {
  let pcm = sample >> 2;
  let mask: number;
  if (pcm < 0) {
    pcm = -pcm;
    mask = 0x7f;
  } else {
    mask = 0xff;
  }
  if (pcm > U_CLIP) pcm = U_CLIP;
  pcm += U_BIAS >> 2;
  const seg = segment(pcm, U_SEG_END);
  if (seg >= 8) return 0x7f ^ mask;
  return ((seg << 4) | ((pcm >> (seg + 1)) & 0x0f)) ^ mask;
}

export function ulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  let t = ((u & 0x0f) << 3) + U_BIAS;
  t <<= (u & 0x70) >> 4;
  return u & 0x80 ? U_BIAS - t : t - U_BIAS;
}

/** Decode tables: the linear value of each code. Read-only by convention. */
export const ALAW_TABLE = Int16Array.from({ length: 256 }, (_, i) => alawToLinear(i));
export const ULAW_TABLE = Int16Array.from({ length: 256 }, (_, i) => ulawToLinear(i));

// Pure functions of the sample, memoised: no mock can tell whether another built them first.
let alawEncodeTable: Uint8Array | null = null;
let ulawEncodeTable: Uint8Array | null = null;

function encodeTable(encode: (sample: number) => number): Uint8Array {
  const table = new Uint8Array(65536);
  // Indexed by the sample's 16 bits: 0..32767 are themselves, 32768..65535 are -32768..-1.
  for (let i = 0; i < 65536; i++) table[i] = encode((i << 16) >> 16);
  return table;
}

/** Encodes `count` samples of pcm into out (from 0); no allocation. */
export function encodeAlawInto(pcm: Int16Array, out: Uint8Array, count = pcm.length): void {
  const table = (alawEncodeTable ??= encodeTable(linearToAlaw));
  for (let i = 0; i < count; i++) out[i] = table[pcm[i]! & 0xffff]!;
}

export function encodeUlawInto(pcm: Int16Array, out: Uint8Array, count = pcm.length): void {
  const table = (ulawEncodeTable ??= encodeTable(linearToUlaw));
  for (let i = 0; i < count; i++) out[i] = table[pcm[i]! & 0xffff]!;
}

export function encodeAlaw(pcm: Int16Array): Uint8Array {
  const out = new Uint8Array(pcm.length);
  encodeAlawInto(pcm, out);
  return out;
}

export function encodeUlaw(pcm: Int16Array): Uint8Array {
  const out = new Uint8Array(pcm.length);
  encodeUlawInto(pcm, out);
  return out;
}

export function decodeAlaw(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = ALAW_TABLE[bytes[i]!]!;
  return out;
}

export function decodeUlaw(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = ULAW_TABLE[bytes[i]!]!;
  return out;
}
