// A capped PCM16 buffer: what the user's server played to the caller, kept as WAV material.
// Two bounds: a duration per recording, and a byte budget shared by every recording of a mock.
// Audio is copied into blocks of one second, allocated as they fill, so a frame costs a copy
// and no allocation. A sink (a WAV file written as the call goes) gets the whole recording up
// to the duration bound, whatever the memory budget.
export interface RecordingBudget {
  readonly maxBytes: number;
  /** Bytes held by the recordings that share this budget. */
  used: number;
}

/** Receives the recording as it fills (for example a WAV file written incrementally). */
export interface RecordingSink {
  /** Must copy what it keeps: the caller reuses pcm. */
  write(pcm: Int16Array): void;
  /** No more audio: the sink finishes its file. */
  end(): void;
}

export interface Recorder {
  readonly sampleRate: number;
  readonly samples: number;
  /** True once a bound was reached and later audio was dropped. */
  readonly truncated: boolean;
  /** Which bound: the recording's duration or the mock's byte budget. */
  readonly truncatedBy: 'duration' | 'budget' | null;
  /** False once appending would keep nothing (bounds reached, ended or discarded): the audio need not be decoded. */
  readonly wants: boolean;
  /** Appends the first `count` samples of pcm (all of it by default). */
  append(pcm: Int16Array, count?: number): void;
  /** The audio kept in memory. */
  toPcm(): Int16Array;
  /** The call's audio is over: the sink finishes its file; memory stays for the recording endpoint. */
  end(): void;
  /** Frees the memory and returns its bytes to the budget; later audio is ignored. */
  discard(): void;
}

export interface RecorderOptions {
  budget?: RecordingBudget;
  sink?: RecordingSink;
}

export function createRecorder(sampleRate: number, maxSeconds: number, options: RecorderOptions = {}): Recorder {
  const cap = Math.round(sampleRate * maxSeconds);
  const blockSize = Math.max(1, sampleRate);
  const { budget, sink } = options;
  const blocks: Int16Array[] = [];
  let fill = 0; // samples used in the last block
  let samples = 0; // samples kept in memory
  let seen = 0; // samples appended within the duration cap (what the sink got)
  let held = 0; // bytes charged to the budget
  let truncatedBy: Recorder['truncatedBy'] = null;
  let done = false;

  const newBlock = (): Int16Array | null => {
    let size = Math.min(blockSize, cap - samples);
    if (budget) size = Math.min(size, Math.floor((budget.maxBytes - budget.used) / 2));
    if (size <= 0) return null;
    if (budget) budget.used += size * 2;
    held += size * 2;
    const block = new Int16Array(size);
    blocks.push(block);
    fill = 0;
    return block;
  };

  const release = () => {
    blocks.length = 0;
    fill = 0;
    if (budget) budget.used -= held;
    held = 0;
  };

  return {
    sampleRate,
    get samples() { return samples; },
    get truncated() { return truncatedBy !== null; },
    get truncatedBy() { return truncatedBy; },
    get wants() { return !done && (truncatedBy === null || (sink !== undefined && seen < cap)); },
    append(pcm, count = pcm.length) {
      if (done) return;
      if (sink && seen < cap) {
        const n = Math.min(count, cap - seen);
        sink.write(n === pcm.length ? pcm : pcm.subarray(0, n));
        seen += n;
      }
      let from = 0;
      while (from < count && truncatedBy === null) {
        if (samples >= cap) {
          truncatedBy = 'duration';
          return;
        }
        let block = blocks[blocks.length - 1];
        if (!block || fill === block.length) {
          block = newBlock() ?? undefined;
          if (!block) {
            truncatedBy = 'budget';
            return;
          }
        }
        const n = Math.min(count - from, block.length - fill);
        block.set(from === 0 && n === pcm.length ? pcm : pcm.subarray(from, from + n), fill);
        fill += n;
        from += n;
        samples += n;
      }
    },
    toPcm() {
      const out = new Int16Array(samples);
      let at = 0;
      for (let i = 0; i < blocks.length; i++) {
        const b = i === blocks.length - 1 ? blocks[i]!.subarray(0, fill) : blocks[i]!;
        out.set(b, at);
        at += b.length;
      }
      return out;
    },
    end() {
      if (done) return;
      done = true;
      sink?.end();
    },
    discard() {
      if (!done) sink?.end();
      done = true;
      release();
    },
  };
}
