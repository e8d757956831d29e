// The playback buffer of a stream: audio the user's server sent with playAudio waits here and
// is "played" one frame per 20 ms tick; checkpoints fire once everything queued before them
// has played, and clearAudio drops what has not. Checkpoints are marked at a growing position,
// so they form a FIFO: each frame looks at the head only.
import { fromBase64Alphabet } from './base64.ts';
export interface Playback {
  /** Samples queued and not yet played. */
  readonly queued: number;
  /** Memory held for what waits: queued audio as stored (and decoded, for base64) and pending checkpoint names. */
  readonly bytes: number;
  enqueue(pcm: Int16Array): void;
  /** Queues G.711 bytes at the stream's rate as they came: decoded (through `table`) only as they play. */
  enqueueCoded(bytes: Uint8Array, table: Int16Array): void;
  /** Queues G.711 still in base64 (`length` bytes once decoded): decoded only if its audio is wanted. */
  enqueueBase64(text: string, length: number, table: Int16Array): void;
  /** Marks the current end of the queue; returns true when it is already reached. */
  checkpoint(name: string): boolean;
  /** Plays up to `samples`; returns the audio played (possibly empty) and the checkpoints reached. */
  play(samples: number): { audio: Int16Array; reached: string[] };
  /**
   * The frame path, without allocation: copies up to out.length samples into out, pushes the
   * names of the checkpoints reached onto `reached`, and returns the number of samples played.
   * With `skip`, the audio plays unheard: nothing is copied or decoded.
   */
  playInto(out: Int16Array, reached: string[], skip?: boolean): number;
  /** Drops queued audio and pending checkpoints; returns the dropped checkpoint names. */
  clear(): string[];
}

/** Compacts a FIFO array once this many entries at its head are consumed. */
const COMPACT_AT = 64;

interface Chunk {
  /** PCM, or G.711 codes when table is set; null while still base64 (text). */
  data: Int16Array | Uint8Array | null;
  text: string | null;
  length: number;
  table: Int16Array | null;
  /** What it holds in memory, counted once: its text and what that decodes to, or its data. */
  bytes: number;
}

/** What a pending checkpoint holds beyond its name: its entry and position. */
export const CHECKPOINT_OVERHEAD_BYTES = 64;

/** What a chunk of G.711 still in base64 holds once it plays: its text and the decoded codes. */
export const base64ChunkBytes = (text: string, length: number) => text.length + length;

function copyChunk(chunk: Chunk, from: number, n: number, out: Int16Array, at: number): void {
  if (chunk.data === null) chunk.data = fromBase64Alphabet(chunk.text!);
  const { data, table } = chunk;
  if (table) {
    for (let i = 0; i < n; i++) out[at + i] = table[data[from + i]!]!;
  } else {
    out.set(from === 0 && n === data.length ? (data as Int16Array) : (data as Int16Array).subarray(from, from + n), at);
  }
}

export function createPlayback(): Playback {
  let chunks: Chunk[] = [];
  let chunkHead = 0;
  let offset = 0; // samples of chunks[chunkHead] already played
  let queued = 0;
  let played = 0; // total samples played so far
  let marks: Array<{ name: string; at: number }> = [];
  let markHead = 0;
  let bytes = 0;

  const push = (chunk: Chunk) => {
    chunks.push(chunk);
    queued += chunk.length;
    bytes += chunk.bytes;
  };

  const playInto = (out: Int16Array, reached: string[], skip = false, samples = out.length): number => {
    const take = Math.min(samples, queued);
    let filled = 0;
    while (filled < take) {
      const head = chunks[chunkHead]!;
      const length = head.length;
      const n = Math.min(length - offset, take - filled);
      if (!skip) copyChunk(head, offset, n, out, filled);
      filled += n;
      offset += n;
      if (offset === length) {
        bytes -= head.bytes;
        chunks[chunkHead++] = undefined as never;
        offset = 0;
      }
    }
    if (chunkHead === chunks.length) {
      chunks = [];
      chunkHead = 0;
    } else if (chunkHead >= COMPACT_AT) {
      chunks = chunks.slice(chunkHead);
      chunkHead = 0;
    }
    queued -= take;
    played += take;
    while (markHead < marks.length && marks[markHead]!.at <= played) {
      const { name } = marks[markHead]!;
      marks[markHead++] = undefined as never; // until the array is compacted, a reached mark must not keep its name
      bytes -= name.length + CHECKPOINT_OVERHEAD_BYTES;
      reached.push(name);
    }
    if (markHead === marks.length) {
      if (markHead > 0) marks = [];
      markHead = 0;
    } else if (markHead >= COMPACT_AT) {
      marks = marks.slice(markHead);
      markHead = 0;
    }
    return take;
  };

  return {
    get queued() { return queued; },
    get bytes() { return bytes; },
    enqueue(pcm) {
      if (pcm.length === 0) return;
      push({ data: pcm, text: null, length: pcm.length, table: null, bytes: pcm.byteLength });
    },
    enqueueCoded(codes, table) {
      if (codes.length === 0) return;
      push({ data: codes, text: null, length: codes.length, table, bytes: codes.byteLength });
    },
    enqueueBase64(text, length, table) {
      if (length === 0) return;
      push({ data: null, text, length, table, bytes: base64ChunkBytes(text, length) });
    },
    checkpoint(name) {
      if (queued === 0) return true;
      marks.push({ name, at: played + queued });
      bytes += name.length + CHECKPOINT_OVERHEAD_BYTES;
      return false;
    },
    play(samples) {
      const audio = new Int16Array(Math.min(samples, queued));
      const reached: string[] = [];
      playInto(audio, reached, false);
      return { audio, reached };
    },
    playInto: (out, reached, skip = false) => playInto(out, reached, skip),
    clear() {
      const dropped = marks.slice(markHead).map((m) => m.name);
      chunks = [];
      chunkHead = 0;
      offset = 0;
      queued = 0;
      marks = [];
      markHead = 0;
      bytes = 0;
      return dropped;
    },
  };
}
