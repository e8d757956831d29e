// Base64 in bulk, browser-safe: the platform's native codec where there is one
// (Uint8Array.prototype.toBase64 / Uint8Array.fromBase64, else Node's Buffer), else btoa/atob.
// Decoding accepts exactly what atob accepts (whitespace, missing padding) and throws otherwise.

interface NativeBase64 {
  toBase64?: (this: Uint8Array) => string;
}
interface NativeFromBase64 {
  fromBase64?: (text: string) => Uint8Array;
}
interface BufferLike {
  from(data: ArrayBufferLike, offset: number, length: number): { toString(encoding: 'base64'): string };
  from(text: string, encoding: 'base64'): Uint8Array;
  byteLength(text: string, encoding: 'utf8'): number;
}

const nativeTo = (Uint8Array.prototype as NativeBase64).toBase64;
const nativeFrom = (Uint8Array as NativeFromBase64).fromBase64;
const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;

/**
 * Buffer decodes base64url too, reads characters above U+00FF by their low byte, and skips
 * characters it does not know instead of failing. So its answer counts only for padded ASCII
 * text without '-' or '_' that decoded to every byte the length promises: a skipped character
 * always makes it shorter. Anything else (whitespace, missing padding, errors) goes the
 * portable way, which accepts exactly what atob accepts.
 */
function fromBase64Buffer(buffer: BufferLike, text: string, alphabetOnly = false): Uint8Array | null {
  const length = text.length;
  if (length % 4 !== 0) return null;
  if (!alphabetOnly && (text.includes('-') || text.includes('_') || buffer.byteLength(text, 'utf8') !== length)) return null;
  const padding = length === 0 ? 0 : text.charCodeAt(length - 1) !== 61 ? 0 : text.charCodeAt(length - 2) !== 61 ? 1 : 2;
  const decoded = buffer.from(text, 'base64');
  if (decoded.byteLength !== (length / 4) * 3 - padding) return null;
  return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
}

export function toBase64(bytes: Uint8Array): string {
  if (nativeTo) return nativeTo.call(bytes);
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return toBase64Portable(bytes);
}

/** Throws on text that is not base64. */
export function fromBase64(text: string): Uint8Array {
  if (nativeFrom) return nativeFrom.call(Uint8Array, text);
  return (NodeBuffer && fromBase64Buffer(NodeBuffer, text)) || fromBase64Portable(text);
}

/** Like fromBase64, for text already known to hold only base64 characters (A–Z a–z 0–9 + / =). */
export function fromBase64Alphabet(text: string): Uint8Array {
  if (nativeFrom) return nativeFrom.call(Uint8Array, text);
  return (NodeBuffer && fromBase64Buffer(NodeBuffer, text, true)) || fromBase64Portable(text);
}

/**
 * For text of base64 characters with at most two trailing '=' (as a strict parser matched it):
 * the number of bytes atob would decode, or -1 where atob refuses it. No decoding.
 */
export function alphabetDecodedLength(text: string): number {
  const length = text.length;
  const padding = length > 0 && text.charCodeAt(length - 1) === 61 ? (length > 1 && text.charCodeAt(length - 2) === 61 ? 2 : 1) : 0;
  if (padding > 0 && length % 4 !== 0) return -1;
  const data = length - padding;
  if (data % 4 === 1) return -1;
  return Math.floor((data * 3) / 4);
}

export function toBase64Portable(bytes: Uint8Array): string {
  let binary = '';
  // Chunks keep String.fromCharCode's argument list well under engine limits.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64Portable(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
