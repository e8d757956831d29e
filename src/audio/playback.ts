// The playback buffer of a stream: audio the user's server sent with playAudio waits here and
// is "played" one frame per 20 ms tick; checkpoints fire once everything queued before them
// has played, and clearAudio drops what has not.
export interface Playback {
  /** Samples queued and not yet played. */
  readonly queued: number;
  enqueue(pcm: Int16Array): void;
  /** Marks the current end of the queue; returns true when it is already reached. */
  checkpoint(name: string): boolean;
  /** Plays up to `samples`; returns the audio played (possibly empty) and the checkpoints reached. */
  play(samples: number): { audio: Int16Array; reached: string[] };
  /** Drops queued audio and pending checkpoints; returns the dropped checkpoint names. */
  clear(): string[];
}

export function createPlayback(): Playback {
  let chunks: Int16Array[] = [];
  let queued = 0;
  let played = 0; // total samples played so far
  let marks: Array<{ name: string; at: number }> = [];
  return {
    get queued() { return queued; },
    enqueue(pcm) {
      if (pcm.length === 0) return;
      chunks.push(pcm);
      queued += pcm.length;
    },
    checkpoint(name) {
      if (queued === 0) return true;
      marks.push({ name, at: played + queued });
      return false;
    },
    play(samples) {
      const take = Math.min(samples, queued);
      const audio = new Int16Array(take);
      let filled = 0;
      while (filled < take) {
        const head = chunks[0]!;
        const n = Math.min(head.length, take - filled);
        audio.set(head.subarray(0, n), filled);
        filled += n;
        if (n === head.length) chunks.shift();
        else chunks[0] = head.subarray(n);
      }
      queued -= take;
      played += take;
      const reached = marks.filter((m) => m.at <= played).map((m) => m.name);
      if (reached.length > 0) marks = marks.filter((m) => m.at > played);
      return { audio, reached };
    },
    clear() {
      const dropped = marks.map((m) => m.name);
      chunks = [];
      queued = 0;
      marks = [];
      return dropped;
    },
  };
}
