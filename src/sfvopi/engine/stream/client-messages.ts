// What the user's server sends on the stream: playAudio, checkpoint and clearAudio, as JSON text
// frames. A received message gets a check proportional to what it carries (compact playAudio
// without JSON.parse, the others by a direct check); only a message that fails it goes through
// the schema validator, which then says what is wrong. Invalid messages are noted on the call
// (up to MAX_INVALID_EVENTS of them) and otherwise ignored.
import { addEvent } from '../call-events.ts';
import { checkClientMessage, matchCompactPlayAudio, type PlayAudioMedia } from '../client-message.ts';
import { isLive, type LiveStream } from './live.ts';
import type { PlaybackQueue } from './playback-queue.ts';
import type { Checkpoints } from './checkpoints.ts';

const MAX_INVALID_EVENTS = 20;

export type ClientMessageHandler = (data: unknown) => void;

export function createClientMessageHandler(live: LiveStream, queue: PlaybackQueue, checkpoints: Checkpoints): ClientMessageHandler {
  const { ctx, call, hooks } = live;
  let invalidEvents = 0;

  const invalid = (reason: string, detail: Record<string, unknown> = {}) => {
    hooks.onClientEvent?.('invalid', 0);
    if (invalidEvents++ >= MAX_INVALID_EVENTS) return;
    addEvent(ctx, call, 'stream_message_invalid', { message: reason, detail });
  };

  const playAudio = (media: PlayAudioMedia, alphabetOnly: boolean) => {
    const problem = queue.enqueue(media, alphabetOnly);
    if (problem) invalid(problem);
  };

  return (data) => {
    if (!isLive(live)) return;
    if (typeof data !== 'string') {
      invalid('binary frame; SFVoPI messages are JSON text frames');
      return;
    }
    const compact = matchCompactPlayAudio(data);
    if (compact) {
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
    if (message.event === 'playAudio') playAudio((message as { media: PlayAudioMedia }).media, false);
    else if (message.event === 'checkpoint') checkpoints.mark(message.name!);
    else if (message.event === 'clearAudio') checkpoints.clear();
  };
}
