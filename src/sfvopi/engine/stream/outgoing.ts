// What the mock sends on the stream: JSON messages, and `media` frames built from a fixed
// prefix and suffix around their payload, exactly as JSON.stringify would write them. A
// repeating payload (silence, a tone's cycle) repeats the same string, so its message is reused.
// Bounded: a server that does not read (stopped at a breakpoint) would otherwise make the mock
// buffer every frame. Like a media server, the mock drops what would take the socket's buffer
// past maxStreamBufferedBytes, counts it (out_dropped) and notes the first time
// (stream_not_reading; once per stream, so a server hovering at the cap cannot fill the call's
// events); audio is real-time, so late frames are worth nothing anyway.
import { OPEN } from '../../../core/socket.ts';
import { CONTENT_TYPES } from '../../../audio/codec.ts';
import { addEvent } from '../call-events.ts';
import { countStreamMessage } from '../../coverage.ts';
import type { LiveStream } from './live.ts';

/** A WebSocket frame's header and mask, beyond its text (at most 14 bytes). */
const FRAME_OVERHEAD = 14;

export interface Outgoing {
  /** Sends a JSON message (start, playedStream, clearedAudio, dtmf). */
  send(message: { event: string; [field: string]: unknown }): void;
  /** Sends one `media` frame carrying `payload` and counts it. */
  sendMedia(payload: string): void;
}

export function createOutgoing(live: LiveStream): Outgoing {
  const { record, hooks } = live;
  const mediaHead = `{"event":"media","streamId":${JSON.stringify(live.id)},"media":{"payload":"`;
  const mediaTail = `","contentType":${JSON.stringify(CONTENT_TYPES[live.config.codec])},"sampleRate":${JSON.stringify(live.format.sampleRate)}}}`;
  let lastPayload = '';
  let lastMessage = '';

  const cap = live.limits.maxStreamBufferedBytes;

  const drop = (buffered: number) => {
    record.out_dropped++;
    live.engine.countersChanged();
    if (live.noted.has('not_reading')) return;
    live.noted.add('not_reading');
    addEvent(live.ctx, live.call, 'stream_not_reading', {
      message: `the server is not reading the stream: messages dropped while ${buffered} bytes wait to be sent (maxStreamBufferedBytes ${cap})`,
      detail: { buffered_bytes: buffered, max_stream_buffered_bytes: cap },
    });
  };

  /** False when dropped for the cap. */
  const sendText = (text: string): boolean => {
    const socket = live.socket;
    if (!socket || socket.readyState !== OPEN) return true;
    const buffered = socket.bufferedAmount ?? 0;
    // A message bigger than the cap (a playedStream echoing a huge checkpoint name) still goes
    // out when nothing waits: what is held stays under the cap or one message.
    if (buffered > 0 && buffered + text.length + FRAME_OVERHEAD > cap) {
      drop(buffered);
      return false;
    }
    try {
      socket.send(text);
    } catch {
      // A socket failing mid-send reports itself through its close event.
    }
    return true;
  };

  return {
    send(message) {
      if (sendText(JSON.stringify(message))) countStreamMessage(live.ctx, 'sent', message.event, live.call.org_id);
    },
    sendMedia(payload) {
      if (payload !== lastPayload) {
        lastPayload = payload;
        lastMessage = mediaHead + payload + mediaTail;
      }
      if (!sendText(lastMessage)) return;
      countStreamMessage(live.ctx, 'sent', 'media', live.call.org_id);
      record.media_sent++;
      live.engine.countersChanged();
      hooks.onMediaSent?.(record.media_sent);
    },
  };
}
