// Checkpoints: the server names a point in what it queued; once everything queued before it
// has played, the mock answers playedStream with that name (at once when nothing is queued).
// clearAudio drops the pending ones with the audio, and answers clearedAudio.
import { addEvent } from '../call-events.ts';
import { msOf, type LiveStream } from './live.ts';
import type { Outgoing } from './outgoing.ts';
import type { PlaybackQueue } from './playback-queue.ts';

export interface Checkpoints {
  /** A checkpoint message arrived. */
  mark(name: string): void;
  /** Playback reached these checkpoints: answer playedStream for each. */
  reached(names: readonly string[]): void;
  /** A clearAudio message arrived. */
  clear(): void;
}

export function createCheckpoints(live: LiveStream, out: Outgoing, queue: PlaybackQueue): Checkpoints {
  const { ctx, call, hooks } = live;
  const playedStream = (name: string) => {
    out.send({ event: 'playedStream', streamId: live.id, name });
    hooks.onClientEvent?.('playedStream', 0);
    addEvent(ctx, call, 'played_stream', { detail: { name } });
  };
  return {
    mark(name) {
      addEvent(ctx, call, 'checkpoint', { detail: { name, queued_ms: msOf(live, queue.playback.queued) } });
      hooks.onClientEvent?.('checkpoint', 0);
      if (queue.playback.checkpoint(name)) playedStream(name);
    },
    reached(names) {
      for (const name of names) playedStream(name);
    },
    clear() {
      const dropped = queue.clear();
      out.send({ event: 'clearedAudio', streamId: live.id });
      addEvent(ctx, call, 'clear_audio', { detail: { dropped_checkpoints: dropped } });
      hooks.onClientEvent?.('clearAudio', 0);
    },
  };
}
