// One SFVoPI media stream, with the mock as the WebSocket client of the user's server: `start`,
// then a `media` frame every 20 ms of clock time, `dtmf` when the simulated party presses keys;
// playAudio is queued and played at real-time pace (and recorded), checkpoint is acknowledged
// with playedStream once what was queued before it has played, clearAudio with clearedAudio.
// This file wires the parts (live.ts lists them) to the socket and the mock's shared tick.
import type { MockContext } from '../../../core/context.ts';
import type { SfvCall } from '../../model.ts';
import type { AudioSpec } from '../../../audio/source.ts';
import type { Recorder, RecordingSink } from '../../../audio/recorder.ts';
import { addEvent } from '../call-events.ts';
import { createLiveStream, isLive, nowIso, type LiveStream, type StreamConfig, type StreamHooks } from './live.ts';
import { createOutgoing } from './outgoing.ts';
import { createPlaybackQueue } from './playback-queue.ts';
import { createCheckpoints } from './checkpoints.ts';
import { createFrames } from './frames.ts';
import { createClientMessages } from './client-messages.ts';
import { createStreamClose, type StreamClose } from './close.ts';
import type { StreamEngine } from './shared.ts';

export type { StreamHooks } from './live.ts';

export interface StreamSession {
  readonly recorder: Recorder;
  isOpen(): boolean;
  sendDtmf(digit: string): void;
  setSource(spec: AudioSpec): void;
  /** Closes from our side; resolves once the socket has closed (or after a short grace). */
  close(reason: string): Promise<void>;
  /** Drops everything at once, without events (reset). */
  dispose(): void;
}

export function openStream(
  ctx: MockContext,
  call: SfvCall,
  config: StreamConfig,
  audio: AudioSpec,
  hooks: StreamHooks,
  engine: StreamEngine,
  /** Where the recording is also written as it plays (Node: a WAV file); none by default. */
  sink?: RecordingSink,
): StreamSession {
  const live = createLiveStream(ctx, call, config, hooks, engine, sink);
  const out = createOutgoing(live);
  const queue = createPlaybackQueue(live);
  const checkpoints = createCheckpoints(live, out, queue);
  const frames = createFrames(live, audio, out, queue, checkpoints);
  const messages = createClientMessages(live, queue, checkpoints);
  let leaveTicker: (() => void) | null = null;
  const end = createStreamClose(live, frames, () => {
    leaveTicker?.();
    leaveTicker = null;
  });
  const startTicking = () => {
    const origin = engine.ticker.originFor(ctx.clock.now());
    frames.start(origin);
    const member = {
      tick(asOf: number) {
        if (!isLive(live)) return;
        messages.refill();
        frames.sendDue(asOf);
      },
    };
    leaveTicker = engine.ticker.join(member, origin);
  };
  connect(live, end);
  wireSocket(live, end, messages.receive, () => {
    out.send({ event: 'start', streamId: live.id, callId: call.call_uuid });
    addEvent(ctx, call, 'stream_started', { detail: { stream_id: live.id } });
    startTicking();
    hooks.onOpen();
  });

  return {
    recorder: live.recorder,
    isOpen: () => live.opened && isLive(live),
    sendDtmf(digit) {
      out.send({ event: 'dtmf', streamId: live.id, dtmf: { digit } });
      live.record.dtmf_sent++;
      addEvent(ctx, call, 'dtmf', { detail: { digit } });
    },
    setSource: (spec) => frames.setSource(spec),
    close: (reason) => end.close(reason),
    dispose: () => end.dispose(),
  };
}

/** Opens the socket, or reports (after this call returns) that it cannot be opened. */
function connect(live: LiveStream, end: StreamClose): void {
  const fail = (reason: string) => {
    live.record.close_reason = reason;
    queueMicrotask(() => { end.finish(); live.hooks.onLost('connect_failed', reason); });
  };
  const connectWebSocket = live.ctx.connectWebSocket;
  if (!connectWebSocket) return fail('no WebSocket client in this runtime');
  try {
    live.socket = connectWebSocket(live.config.url, { maxPayload: live.limits.maxStreamMessageBytes });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

const MESSAGE_TOO_BIG = 1009;

/** What `ws` reports when a message is over maxPayload (it then drops the connection: 1006). */
const WS_TOO_BIG = 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';

function closeReason(live: LiveStream, code: number | undefined, reason: string | undefined, lastError: string, errorCode: string): string {
  if (!live.opened) return `connection failed${lastError ? `: ${lastError}` : ''}`;
  if (code === MESSAGE_TOO_BIG || errorCode === WS_TOO_BIG || live.tooBig) {
    return `closed: the server sent a message over ${live.limits.maxStreamMessageBytes} bytes (maxStreamMessageBytes)`;
  }
  return `closed by server (code ${code ?? 1005}${reason ? `: ${reason}` : ''})`;
}

function wireSocket(live: LiveStream, end: StreamClose, onMessage: (data: unknown) => void, onOpen: () => void): void {
  const socket = live.socket;
  if (!socket) return;
  let lastError = '';
  let errorCode = '';
  socket.addEventListener('open', () => {
    if (!isLive(live)) return;
    live.opened = true;
    live.record.connected_at = nowIso(live);
    onOpen();
  });
  socket.addEventListener('message', (event: { data: unknown }) => onMessage(event.data));
  socket.addEventListener('error', (event: { message?: string; error?: { message?: string; code?: string } }) => {
    lastError = event?.error?.message ?? event?.message ?? 'WebSocket error';
    errorCode = event?.error?.code ?? '';
  });
  socket.addEventListener('close', (event: { code?: number; reason?: string }) => {
    const wasClosing = live.closing;
    if (!wasClosing) live.record.close_reason = closeReason(live, event?.code, event?.reason, lastError, errorCode);
    end.finish();
    if (!wasClosing) live.hooks.onLost(live.opened ? 'server_closed' : 'connect_failed', live.record.close_reason ?? '');
  });
}
