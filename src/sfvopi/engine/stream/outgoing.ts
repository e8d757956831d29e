// What the mock sends on the stream: JSON messages, and `media` frames built from a fixed
// prefix and suffix around their payload, exactly as JSON.stringify would write them. A
// repeating payload (silence, a tone's cycle) repeats the same string, so its message is reused.
import { OPEN } from '../../../core/socket.ts';
import { CONTENT_TYPES } from '../../../audio/codec.ts';
import type { LiveStream } from './live.ts';

export interface Outgoing {
  /** Sends a JSON message (start, playedStream, clearedAudio, dtmf). */
  send(message: object): void;
  /** Sends one `media` frame carrying `payload` and counts it. */
  sendMedia(payload: string): void;
}

export function createOutgoing(live: LiveStream): Outgoing {
  const { record, hooks } = live;
  const mediaHead = `{"event":"media","streamId":${JSON.stringify(live.id)},"media":{"payload":"`;
  const mediaTail = `","contentType":${JSON.stringify(CONTENT_TYPES[live.config.codec])},"sampleRate":${JSON.stringify(live.format.sampleRate)}}}`;
  let lastPayload = '';
  let lastMessage = '';

  const sendText = (text: string) => {
    const socket = live.socket;
    if (!socket || socket.readyState !== OPEN) return;
    try {
      socket.send(text);
    } catch {
      // A socket failing mid-send reports itself through its close event.
    }
  };

  return {
    send: (message) => sendText(JSON.stringify(message)),
    sendMedia(payload) {
      if (payload !== lastPayload) {
        lastPayload = payload;
        lastMessage = mediaHead + payload + mediaTail;
      }
      sendText(lastMessage);
      record.media_sent++;
      live.engine.countersChanged();
      hooks.onMediaSent?.(record.media_sent);
    },
  };
}
