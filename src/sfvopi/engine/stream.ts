// One SFVoPI media stream, with the mock as the WebSocket client of the user's server: `start`,
// then a `media` frame every 20 ms of clock time, `dtmf` when the simulated party presses keys;
// playAudio is queued and played at real-time pace (and recorded), checkpoint is acknowledged
// with playedStream once what was queued before it has played, clearAudio with clearedAudio.
import type { MockContext } from '../../core/context.ts';
import type { SfvCall } from '../../core/store/model.ts';
import { createSource, type AudioSource, type AudioSpec } from '../../audio/source.ts';
import { createPlayback } from '../../audio/playback.ts';
import { createRecorder, type Recorder } from '../../audio/recorder.ts';
import { codecOfContentType, CONTENT_TYPES, decodeToPcm, encodePcm, FRAME_MS, samplesPerFrame } from '../../audio/codec.ts';
import { fromBase64, toBase64 } from '../../audio/base64.ts';
import { resample } from '../../audio/resample.ts';
import { addEvent } from './events.ts';
import { CLOSE_GRACE_MS, MAX_QUEUED_SECONDS, MAX_RECORDING_SECONDS } from './limits.ts';
import { OPEN, type StreamSocket } from '../../core/socket.ts';
import type { StreamConfig } from './stream-json.ts';
import { changed } from '../../core/changes.ts';
import type { StreamEventKind } from './observer.ts';

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

export interface StreamHooks {
  onOpen(): void;
  /** The socket ended without us closing it: the server closed it, or it never connected. */
  onLost(reason: 'server_closed' | 'connect_failed', detail: string): void;
  /** Optional, for measuring tools (see engine/observer.ts): what the server sent, as it arrives. */
  onClientEvent?(kind: StreamEventKind, audioMs: number): void;
  /** Optional, for measuring tools: a `media` frame went out; `count` so far on this stream. */
  onMediaSent?(count: number): void;
}

const DIRECTION_TAG = { BOTH: 'BI', INBOUND: 'IN', OUTBOUND: 'OUT' } as const;
/** Catch-up bound when a real clock falls behind (a blocked event loop): at most 1 s in a burst. */
const MAX_FRAMES_PER_TICK = 50;
const MAX_INVALID_EVENTS = 20;

export function streamIdFor(ctx: MockContext, config: StreamConfig): string {
  return `SFV_STRM_${DIRECTION_TAG[config.direction]}_${ctx.ids.ulid(ctx.clock.now())}`;
}

export function openStream(
  ctx: MockContext,
  call: SfvCall,
  config: StreamConfig,
  audio: AudioSpec,
  hooks: StreamHooks,
): StreamSession {
  const streamId = streamIdFor(ctx, config);
  const rate = config.sample_rate;
  const frameSamples = samplesPerFrame(rate);
  const contentType = CONTENT_TYPES[config.codec];
  const playback = createPlayback();
  const recorder = createRecorder(rate, MAX_RECORDING_SECONDS);
  const state = {
    stream_id: streamId, url: config.url, codec: config.codec, sample_rate: rate, direction: config.direction,
    bidirectional: config.bidirectional, stream_timeout: config.stream_timeout, keep_call_alive: config.keep_call_alive,
    connected_at: null as string | null, closed_at: null as string | null, close_reason: null as string | null,
    media_sent: 0, play_received: 0, played_ms: 0, queued_ms: 0, recorded_ms: 0, dtmf_sent: 0,
  };
  call.stream = state;
  let source: AudioSource = createSource(audio, rate);
  let socket: StreamSocket | null = null;
  let opened = false;
  let closing = false;
  let finished = false;
  let tickTimer: number | null = null;
  let startedAt = 0;
  let frames = 0;
  let invalidEvents = 0;
  let playIgnoredNoted = false;
  let queueFullNoted = false;
  let closed: () => void = () => {};
  const closedPromise = new Promise<void>((resolve) => { closed = resolve; });
  const ms = (samples: number) => Math.round((samples * 1000) / rate);
  const now = () => new Date(ctx.clock.now()).toISOString();

  const send = (message: object) => {
    if (!socket || socket.readyState !== OPEN) return;
    try {
      socket.send(JSON.stringify(message));
    } catch {
      // A socket failing mid-send reports itself through its close event.
    }
  };

  const sendMedia = (pcm: Int16Array) => {
    send({ event: 'media', streamId, media: { payload: toBase64(encodePcm(config.codec, pcm)), contentType, sampleRate: rate } });
    state.media_sent++;
    changed(ctx.bus, 'sfvCalls');
    hooks.onMediaSent?.(state.media_sent);
  };

  const frame = () => {
    if (config.direction !== 'OUTBOUND') sendMedia(source.next(frameSamples));
    else source.next(frameSamples); // the caller keeps talking even if not streamed
    const { audio: played, reached } = playback.play(frameSamples);
    if (played.length > 0) {
      const wasTruncated = recorder.truncated;
      recorder.append(played);
      if (!wasTruncated && recorder.truncated) addEvent(ctx, call, 'recording_truncated', { detail: { max_seconds: MAX_RECORDING_SECONDS } });
      state.played_ms += ms(played.length);
      state.recorded_ms = ms(recorder.samples);
      state.queued_ms = ms(playback.queued);
    }
    if (config.direction === 'OUTBOUND') {
      const track = new Int16Array(frameSamples);
      track.set(played);
      sendMedia(track);
    }
    for (const name of reached) playedStream(name);
  };

  const playedStream = (name: string) => {
    send({ event: 'playedStream', streamId, name });
    hooks.onClientEvent?.('playedStream', 0);
    addEvent(ctx, call, 'played_stream', { detail: { name } });
  };

  const schedule = () => {
    const due = startedAt + (frames + 1) * FRAME_MS;
    tickTimer = ctx.clock.setTimeout(tick, Math.max(0, due - ctx.clock.now()));
  };

  /** Sends the frames due by now; at close this delivers the last 20 ms even when a timer at the same instant ended the call. */
  const flush = () => {
    let due = Math.floor((ctx.clock.now() - startedAt) / FRAME_MS) - frames;
    if (due > MAX_FRAMES_PER_TICK) {
      frames += due - MAX_FRAMES_PER_TICK;
      due = MAX_FRAMES_PER_TICK;
    }
    for (let i = 0; i < due; i++) {
      frames++;
      frame();
    }
  };

  const tick = () => {
    tickTimer = null;
    if (closing || finished) return;
    flush();
    schedule();
  };

  const invalid = (reason: string, detail: Record<string, unknown> = {}) => {
    hooks.onClientEvent?.('invalid', 0);
    if (invalidEvents++ >= MAX_INVALID_EVENTS) return;
    addEvent(ctx, call, 'stream_message_invalid', { message: reason, detail });
  };

  const onPlayAudio = (message: { media: { payload: string; contentType?: string; sampleRate?: number } }) => {
    if (!config.bidirectional) {
      if (!playIgnoredNoted) addEvent(ctx, call, 'play_ignored', { message: 'playAudio ignored: the Stream JSON did not set bidirectional: true' });
      playIgnoredNoted = true;
      return;
    }
    const codec = codecOfContentType(message.media.contentType) ?? config.codec;
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(message.media.payload);
    } catch {
      invalid('playAudio payload is not base64');
      return;
    }
    const fromRate = message.media.sampleRate ?? (codec === 'L16' ? rate : 8000);
    const pcm = resample(decodeToPcm(codec, bytes), fromRate, rate);
    if (playback.queued + pcm.length > rate * MAX_QUEUED_SECONDS) {
      if (!queueFullNoted) addEvent(ctx, call, 'play_ignored', { message: `playback queue full (${MAX_QUEUED_SECONDS} s); audio dropped` });
      queueFullNoted = true;
      return;
    }
    playback.enqueue(pcm);
    state.play_received++;
    changed(ctx.bus, 'sfvCalls');
    hooks.onClientEvent?.('playAudio', ms(pcm.length));
    state.queued_ms = ms(playback.queued);
  };

  const onMessage = (data: unknown) => {
    if (closing || finished) return;
    if (typeof data !== 'string') {
      invalid('binary frame; SFVoPI messages are JSON text frames');
      return;
    }
    let message: { event?: unknown; name?: string; media?: unknown };
    try {
      message = JSON.parse(data);
    } catch {
      invalid('not JSON');
      return;
    }
    const violations = ctx.contract.validateAt('#/components/schemas/WsClientMessage', message);
    if (violations.length > 0) {
      invalid(`does not match WsClientMessage (event ${JSON.stringify(message?.event ?? null)})`, { violations: violations.slice(0, 5) });
      return;
    }
    if (message.event === 'playAudio') {
      onPlayAudio(message as Parameters<typeof onPlayAudio>[0]);
    } else if (message.event === 'checkpoint') {
      const name = message.name!;
      addEvent(ctx, call, 'checkpoint', { detail: { name, queued_ms: ms(playback.queued) } });
      hooks.onClientEvent?.('checkpoint', 0);
      if (playback.checkpoint(name)) playedStream(name);
    } else if (message.event === 'clearAudio') {
      const dropped = playback.clear();
      state.queued_ms = 0;
      send({ event: 'clearedAudio', streamId });
      addEvent(ctx, call, 'clear_audio', { detail: { dropped_checkpoints: dropped } });
      hooks.onClientEvent?.('clearAudio', 0);
    }
  };

  const finish = () => {
    if (finished) return;
    finished = true;
    if (tickTimer !== null) ctx.clock.clearTimeout(tickTimer);
    tickTimer = null;
    state.closed_at ??= now();
    closed();
  };

  const connect = ctx.connectWebSocket;
  if (!connect) {
    state.close_reason = 'no WebSocket client in this runtime';
    queueMicrotask(() => { finish(); hooks.onLost('connect_failed', state.close_reason!); });
  } else {
    try {
      socket = connect(config.url);
    } catch (error) {
      state.close_reason = error instanceof Error ? error.message : String(error);
      queueMicrotask(() => { finish(); hooks.onLost('connect_failed', state.close_reason!); });
    }
  }
  let lastError = '';
  socket?.addEventListener('open', () => {
    if (closing || finished) return;
    opened = true;
    state.connected_at = now();
    send({ event: 'start', streamId, callId: call.call_uuid });
    addEvent(ctx, call, 'stream_started', { detail: { stream_id: streamId } });
    startedAt = ctx.clock.now();
    schedule();
    hooks.onOpen();
  });
  socket?.addEventListener('message', (event: { data: unknown }) => onMessage(event.data));
  socket?.addEventListener('error', (event: { message?: string; error?: { message?: string } }) => {
    lastError = event?.error?.message ?? event?.message ?? 'WebSocket error';
  });
  socket?.addEventListener('close', (event: { code?: number; reason?: string }) => {
    const wasClosing = closing;
    if (!wasClosing) {
      state.close_reason = opened
        ? `closed by server (code ${event?.code ?? 1005}${event?.reason ? `: ${event.reason}` : ''})`
        : `connection failed${lastError ? `: ${lastError}` : ''}`;
    }
    finish();
    if (!wasClosing) hooks.onLost(opened ? 'server_closed' : 'connect_failed', state.close_reason ?? '');
  });

  return {
    recorder,
    isOpen: () => opened && !closing && !finished,
    sendDtmf(digit) {
      send({ event: 'dtmf', streamId, dtmf: { digit } });
      state.dtmf_sent++;
      addEvent(ctx, call, 'dtmf', { detail: { digit } });
    },
    setSource(spec) {
      source = createSource(spec, rate);
    },
    close(reason) {
      if (finished) return closedPromise;
      if (!closing) {
        if (opened) flush();
        closing = true;
        state.close_reason = reason;
        if (tickTimer !== null) ctx.clock.clearTimeout(tickTimer);
        tickTimer = null;
        try {
          socket?.close(1000, reason);
        } catch {
          finish();
        }
        // A server that never completes the close handshake must not hold up the hangup.
        const guard = setTimeout(finish, CLOSE_GRACE_MS);
        void closedPromise.then(() => clearTimeout(guard));
      }
      return closedPromise;
    },
    dispose() {
      closing = true;
      try {
        socket?.close(1000, 'reset');
      } catch {
        // already gone
      }
      finish();
    },
  };
}
