// How a stream ends. We close it (hangup, stream_timeout): the frames due so far go out, then
// a close frame; a server that never completes the close handshake is given CLOSE_GRACE_MS,
// so it cannot hold up the hangup. Or it ends on its own (the server closed, or it never
// connected), or a reset drops it at once without events. Either way it finishes once: the
// tick lets it go, the recording ends, closed_at is set.
import { CLOSE_GRACE_MS } from '../limits.ts';
import { nowIso, type LiveStream } from './live.ts';
import type { Frames } from './frames.ts';

export interface StreamClose {
  /** Resolves once the stream has finished. */
  readonly closed: Promise<void>;
  /** Ends it: idempotent. */
  finish(): void;
  /** Closes from our side; resolves once the socket has closed (or after the grace). */
  close(reason: string): Promise<void>;
  /** Drops everything at once, without events (reset). */
  dispose(): void;
}

export function createStreamClose(live: LiveStream, frames: Frames, stopTicking: () => void): StreamClose {
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => { resolveClosed = resolve; });

  const finish = () => {
    if (live.finished) return;
    live.finished = true;
    stopTicking();
    live.recorder.end();
    live.record.closed_at ??= nowIso(live);
    resolveClosed();
  };

  const closeSocket = (reason: string) => {
    try {
      live.socket?.close(1000, reason);
      return true;
    } catch {
      return false;
    }
  };

  return {
    closed,
    finish,
    close(reason) {
      if (live.finished || live.closing) return closed;
      // Delivers the last 20 ms even when a timer at the same instant ended the call.
      if (live.opened) frames.sendDue(live.ctx.clock.now());
      live.closing = true;
      live.record.close_reason = reason;
      stopTicking();
      if (!closeSocket(reason)) finish();
      const guard = live.ctx.clock.setTimeout(finish, CLOSE_GRACE_MS);
      void closed.then(() => live.ctx.clock.clearTimeout(guard));
      return closed;
    },
    dispose() {
      live.closing = true;
      closeSocket('reset');
      finish();
    },
  };
}
