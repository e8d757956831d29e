// Checkpoints: the server names a point in what it queued; once everything queued before it
// has played, the mock answers playedStream with that name (at once when nothing is queued).
// clearAudio drops the pending ones with the audio, and answers clearedAudio. A checkpoint the
// full queue cannot take is dropped and never answered (its event says so). The call's events
// keep names cut to EVENT_NAME_CHARS and at most EVENT_NAMES of them: a name may be megabytes.
import { addEvent } from '../call-events.ts';
import { msOf, type LiveStream } from './live.ts';
import type { Outgoing } from './outgoing.ts';
import type { PlaybackQueue } from './playback-queue.ts';
import { excerpt } from '../../../core/text.ts';

export interface Checkpoints {
  /** A checkpoint message arrived. */
  mark(name: string): void;
  /** Playback reached these checkpoints: answer playedStream for each. */
  reached(names: readonly string[]): void;
  /** A clearAudio message arrived. */
  clear(): void;
}

const EVENT_NAME_CHARS = 256;
const EVENT_NAMES = 20;

const shown = (name: string) => excerpt(name, EVENT_NAME_CHARS);

/** The dropped names for clear_audio's event: the first EVENT_NAMES, and how many there were when more. */
function droppedDetail(names: string[]): Record<string, unknown> {
  const detail: Record<string, unknown> = { dropped_checkpoints: names.slice(0, EVENT_NAMES).map(shown) };
  if (names.length > EVENT_NAMES) detail.dropped_checkpoints_total = names.length;
  return detail;
}

export function createCheckpoints(live: LiveStream, out: Outgoing, queue: PlaybackQueue): Checkpoints {
  const { ctx, call, hooks } = live;
  const playedStream = (name: string) => {
    out.send({ event: 'playedStream', streamId: live.id, name });
    hooks.onClientEvent?.('playedStream', 0);
    addEvent(ctx, call, 'played_stream', { detail: { name: shown(name) } });
  };
  return {
    mark(name) {
      const queuedMs = msOf(live, queue.playback.queued);
      const fate = queue.checkpoint(name);
      addEvent(ctx, call, 'checkpoint', { detail: { name: shown(name), queued_ms: queuedMs, ...(fate === 'dropped' ? { dropped: true } : {}) } });
      hooks.onClientEvent?.('checkpoint', 0);
      if (fate === 'reached') playedStream(name);
    },
    reached(names) {
      for (const name of names) playedStream(name);
    },
    clear() {
      const dropped = queue.clear();
      out.send({ event: 'clearedAudio', streamId: live.id });
      addEvent(ctx, call, 'clear_audio', { detail: droppedDetail(dropped) });
      hooks.onClientEvent?.('clearAudio', 0);
    },
  };
}
