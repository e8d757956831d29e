// The stream codecs SFVoPI negotiates in Stream JSON: G.711 A-law and μ-law at 8 kHz, and L16
// (signed 16-bit little-endian) at the negotiated rate. Frames are 20 ms.
import { decodeAlaw, decodeUlaw, encodeAlaw, encodeUlaw } from './g711.ts';

export type Codec = 'PCMA' | 'PCMU' | 'L16';

export const CONTENT_TYPES: Record<Codec, string> = {
  PCMA: 'audio/PCMA',
  PCMU: 'audio/PCMU',
  L16: 'audio/x-l16',
};

export function codecOfContentType(contentType: string | undefined): Codec | undefined {
  return (Object.keys(CONTENT_TYPES) as Codec[]).find((c) => CONTENT_TYPES[c] === contentType);
}

export const FRAME_MS = 20;

export function samplesPerFrame(sampleRate: number): number {
  return Math.round((sampleRate * FRAME_MS) / 1000);
}

export function encodePcm(codec: Codec, pcm: Int16Array): Uint8Array {
  if (codec === 'PCMA') return encodeAlaw(pcm);
  if (codec === 'PCMU') return encodeUlaw(pcm);
  const out = new Uint8Array(pcm.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < pcm.length; i++) view.setInt16(i * 2, pcm[i]!, true);
  return out;
}

export function decodeToPcm(codec: Codec, bytes: Uint8Array): Int16Array {
  if (codec === 'PCMA') return decodeAlaw(bytes);
  if (codec === 'PCMU') return decodeUlaw(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Int16Array(bytes.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}
