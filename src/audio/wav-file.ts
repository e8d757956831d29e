// A recording written out as it plays: a mono 16-bit WAV file, appended one second at a time
// and given its final sizes when the stream ends, through the mock's injected file access.
// Write errors end the file quietly: the recording in memory is unaffected.
import type { RecordingSink } from './recorder.ts';
import type { FileAccess, WritableFile } from '../core/files.ts';
import { writeWav } from './wav.ts';

const HEADER_BYTES = 44;

/** `done` settles once the file is complete (or abandoned after an error). */
export function createWavFileSink(files: FileAccess, path: string, sampleRate: number): RecordingSink & { readonly done: Promise<void> } {
  const block = new Int16Array(Math.max(1, sampleRate));
  let fill = 0;
  let samples = 0;
  let failed = false;
  let ended = false;
  const fail = () => {
    failed = true;
  };
  // Opened with the first audio: a stream whose server played nothing leaves no file.
  let file: Promise<WritableFile> | null = null;
  let chain: Promise<void> = Promise.resolve();
  const opened = (): Promise<WritableFile> => {
    if (!file) {
      file = files.create(path);
      file.catch(fail);
      chain = chain.then(async () => {
        await (await file!).write(header(sampleRate, 0), 0, HEADER_BYTES, 0);
      }).catch(fail);
    }
    return file;
  };
  const flush = () => {
    if (fill === 0) return;
    // A copy: the block is reused at once.
    const bytes = new Uint8Array(block.slice(0, fill).buffer);
    const at = HEADER_BYTES + (samples - fill) * 2;
    fill = 0;
    const handle = opened();
    // At explicit positions: a positioned write (the header) does not move the file's own.
    chain = chain.then(async () => {
      if (!failed) await (await handle).write(bytes, 0, bytes.length, at);
    }).catch(fail);
  };
  const sink = {
    done: Promise.resolve(),
    write(pcm: Int16Array) {
      if (ended || failed) return;
      let from = 0;
      while (from < pcm.length) {
        const n = Math.min(pcm.length - from, block.length - fill);
        block.set(pcm.subarray(from, from + n), fill);
        fill += n;
        from += n;
        samples += n;
        if (fill === block.length) flush();
      }
    },
    end() {
      if (ended) return;
      ended = true;
      flush();
      const handle = file;
      if (!handle) return;
      sink.done = chain
        .then(async () => {
          // The header again, now with the real sizes.
          if (!failed) await (await handle).write(header(sampleRate, samples), 0, HEADER_BYTES, 0);
        })
        .catch(fail)
        .then(() => handle.then((f) => f.close()).catch(() => {}));
    },
  };
  return sink;
}

/** The 44-byte header of a mono 16-bit WAV holding `samples` samples. */
function header(sampleRate: number, samples: number): Uint8Array {
  const out = writeWav({ sampleRate, samples: new Int16Array(0) });
  const view = new DataView(out.buffer);
  view.setUint32(4, 36 + samples * 2, true);
  view.setUint32(40, samples * 2, true);
  return out;
}
