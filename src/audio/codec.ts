// The stream codecs SFVoPI negotiates in Stream JSON: G.711 A-law and μ-law at 8 kHz, and L16
// (signed 16-bit little-endian) at the negotiated rate. Frames are 20 ms.
import { decodeAlaw, decodeUlaw, encodeAlawInto, encodeUlawInto } from './g711.ts';

export type Codec = 'PCMA' | 'PCMU' | 'L16';

export const CONTENT_TYPES: Record<Codec, string> = {
  PCMA: 'audio/PCMA',
  PCMU: 'audio/PCMU',
  L16: 'audio/x-l16',
};

export function codecOfContentType(contentType: string | undefined): Codec | undefined {
  if (contentType === 'audio/PCMA') return 'PCMA';
  if (contentType === 'audio/PCMU') return 'PCMU';
  if (contentType === 'audio/x-l16') return 'L16';
  return undefined;
}

export const FRAME_MS = 20;

export function samplesPerFrame(sampleRate: number): number {
  return Math.round((sampleRate * FRAME_MS) / 1000);
}

/** Bytes per sample on the wire. */
export function bytesPerSample(codec: Codec): number {
  return codec === 'L16' ? 2 : 1;
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Encodes `count` samples into out (sized count × bytesPerSample); no allocation. */
export function encodePcmInto(codec: Codec, pcm: Int16Array, out: Uint8Array, count = pcm.length): void {
  if (codec === 'PCMA') return encodeAlawInto(pcm, out, count);
  if (codec === 'PCMU') return encodeUlawInto(pcm, out, count);
  if (LITTLE_ENDIAN) {
    out.set(new Uint8Array(pcm.buffer, pcm.byteOffset, count * 2));
    return;
  }
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let i = 0; i < count; i++) view.setInt16(i * 2, pcm[i]!, true);
}

export function encodePcm(codec: Codec, pcm: Int16Array): Uint8Array {
  const out = new Uint8Array(pcm.length * bytesPerSample(codec));
  encodePcmInto(codec, pcm, out);
  return out;
}

export function decodeToPcm(codec: Codec, bytes: Uint8Array): Int16Array {
  if (codec === 'PCMA') return decodeAlaw(bytes);
  if (codec === 'PCMU') return decodeUlaw(bytes);
  const out = new Int16Array(bytes.length >> 1);
  if (LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(bytes.subarray(0, out.length * 2));
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}
