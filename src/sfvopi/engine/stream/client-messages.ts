// What the user's server sends on the stream: playAudio, checkpoint and clearAudio, as JSON text
// frames. A received message gets a check proportional to what it carries (compact playAudio
// without JSON.parse, the others by a direct check); only a message that fails it goes through
// the schema validator, which then says what is wrong. Invalid messages are noted on the call
// (up to MAX_INVALID_EVENTS of them) and otherwise ignored.
// Bounded: a server flooding the stream (clearAudio in a loop, garbage) would otherwise spend
// the mock's one thread on parsing, validating and answering, and starve every other stream and
// the HTTP API. Each stream handles at most maxStreamMessagesPerTick messages per 20 ms tick.
// Past that the stream stops reading its socket until the next tick (where the connector can:
// `ws` can), so TCP holds the rest back at the sender instead of the mock framing them only to
// drop them; what was already read is dropped unread, counted (in_dropped) and noted once per
// tick that drops (stream_messages_dropped). The stream stays open: a burst costs the burst.
import { addEvent } from '../call-events.ts';
import { countStreamMessage } from '../../coverage.ts';
import { checkClientMessage, matchCompactPlayAudio, type PlayAudioMedia } from '../client-message.ts';
import { isLive, type LiveStream } from './live.ts';
import type { PlaybackQueue } from './playback-queue.ts';
import type { Checkpoints } from './checkpoints.ts';

const MAX_INVALID_EVENTS = 20;

export interface ClientMessages {
  /** A message from the server, as the socket delivered it. */
  receive(data: unknown): void;
  /** A tick began: the budget is full again. */
  refill(): void;
}

export function createClientMessages(live: LiveStream, queue: PlaybackQueue, checkpoints: Checkpoints): ClientMessages {
  const { ctx, call, hooks } = live;
  const budget = live.limits.maxStreamMessagesPerTick;
  let invalidEvents = 0;
  let handled = 0;
  let droppedThisTick = false;
  let paused = false;

  /** False when the tick's budget is spent: the message is dropped. */
  const withinBudget = () => {
    if (handled < budget) {
      handled++;
      return true;
    }
    live.record.in_dropped++;
    live.engine.countersChanged();
    if (!paused && live.socket?.pause) {
      paused = true;
      live.socket.pause();
    }
    if (!droppedThisTick) {
      droppedThisTick = true;
      addEvent(ctx, call, 'stream_messages_dropped', {
        message: `more than ${budget} messages within one 20 ms tick (maxStreamMessagesPerTick); the rest of this tick's are dropped unread`,
        detail: { max_stream_messages_per_tick: budget },
      });
    }
    return false;
  };

  const invalid = (reason: string, detail: Record<string, unknown> = {}) => {
    hooks.onClientEvent?.('invalid', 0);
    if (invalidEvents++ >= MAX_INVALID_EVENTS) return;
    addEvent(ctx, call, 'stream_message_invalid', { message: reason, detail });
  };

  /**
   * A connector without a size limit of its own (the runtime's WebSocket; `ws` refuses at the
   * header) hands over a message of any size: the mock keeps none over maxStreamMessageBytes and
   * closes the stream, as with `ws`.
   */
  const tooBig = (data: unknown) => {
    const size = typeof data === 'string' ? data.length : ((data as { byteLength?: number })?.byteLength ?? 0);
    if (size <= live.limits.maxStreamMessageBytes) return false;
    live.tooBig = true;
    try {
      live.socket?.close(1000, 'message over maxStreamMessageBytes');
    } catch {
      // already closing
    }
    return true;
  };

  const playAudio = (media: PlayAudioMedia, alphabetOnly: boolean) => {
    const problem = queue.enqueue(media, alphabetOnly);
    if (problem) invalid(problem);
  };

  const receive = (data: unknown) => {
    if (!isLive(live)) return;
    hooks.onClientMessage?.(data);
    if (!withinBudget() || tooBig(data)) return;
    if (typeof data !== 'string') {
      invalid('binary frame; SFVoPI messages are JSON text frames');
      return;
    }
    const compact = matchCompactPlayAudio(data);
    if (compact) {
      countStreamMessage(ctx, 'received', 'playAudio', call.org_id);
      playAudio(compact, true);
      return;
    }
    let message: { event?: unknown; name?: string; media?: unknown };
    try {
      message = JSON.parse(data);
    } catch {
      invalid('not JSON');
      return;
    }
    // The common, well-formed messages pass a direct check; anything else gets the validator's verdict.
    if (!checkClientMessage(message)) {
      const violations = ctx.contract.validateAt('#/components/schemas/WsClientMessage', message);
      if (violations.length > 0) {
        invalid(`does not match WsClientMessage (event ${JSON.stringify(message?.event ?? null)})`, { violations: violations.slice(0, 5) });
        return;
      }
    }
    countStreamMessage(ctx, 'received', message.event, call.org_id);
    if (message.event === 'playAudio') playAudio((message as { media: PlayAudioMedia }).media, false);
    else if (message.event === 'checkpoint') checkpoints.mark(message.name!);
    else if (message.event === 'clearAudio') checkpoints.clear();
  };

  return {
    receive,
    refill() {
      handled = 0;
      droppedThisTick = false;
      if (paused) {
        paused = false;
        live.socket?.resume?.();
      }
    },
  };
}
