// One SFVoPI media stream, with the mock as the WebSocket client of the user's server: `start`,
// then a `media` frame every 20 ms of clock time, `dtmf` when the simulated party presses keys;
// playAudio is queued and played at real-time pace (and recorded), checkpoint is acknowledged
// with playedStream once what was queued before it has played, clearAudio with clearedAudio.
// The frame path allocates nothing that repeats: media messages are built from a fixed prefix
// and suffix around payloads the frame source encodes once, and one shared tick per mock wakes
// every stream. Received messages get a check proportional to what they carry; only a message
// that fails it goes through the schema validator, which then says what is wrong.
import { countStreamMessage } from '../coverage.ts';
import type { MockContext } from '../../core/context.ts';
import type { SfvCall } from '../../sfvopi/model.ts';
import { createFrameSource, type AudioSpec, type FrameSource } from '../../audio/source.ts';
import { createPlayback } from '../../audio/playback.ts';
import { createRecorder, type Recorder, type RecordingSink } from '../../audio/recorder.ts';
import { bytesPerSample, codecOfContentType, CONTENT_TYPES, decodeToPcm, encodePcmInto, FRAME_MS, samplesPerFrame } from '../../audio/codec.ts';
import { alphabetDecodedLength, fromBase64, fromBase64Alphabet, toBase64 } from '../../audio/base64.ts';
import { resample } from '../../audio/resample.ts';
import { ALAW_TABLE, ULAW_TABLE } from '../../audio/g711.ts';
import { addEvent } from './call-events.ts';
import { CLOSE_GRACE_MS, MAX_QUEUED_SECONDS } from './limits.ts';
import { OPEN, type StreamSocket } from '../../core/socket.ts';
import type { StreamConfig } from './stream-json.ts';
import { changed } from '../../core/changes.ts';
import type { StreamEngine } from './stream-engine.ts';
import { checkClientMessage, matchCompactPlayAudio, type PlayAudioMedia } from './client-message.ts';
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
  /** Optional, for measuring tools: a message the server sent, as it came. */
  onClientMessage?(data: unknown): void;
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
  engine: StreamEngine,
  /** Where the recording is also written as it plays (Node: a WAV file); none by default. */
  sink?: RecordingSink,
): StreamSession {
  const streamId = streamIdFor(ctx, config);
  const rate = config.sample_rate;
  const frameSamples = samplesPerFrame(rate);
  const contentType = CONTENT_TYPES[config.codec];
  const playback = createPlayback();
  const { maxSeconds } = ctx.config.recording;
  const recorder = createRecorder(rate, maxSeconds, { budget: engine.budget, sink });
  const format = { codec: config.codec, sampleRate: rate, frameSamples };
  // The media message around its payload, exactly as JSON.stringify would write it.
  const mediaHead = `{"event":"media","streamId":${JSON.stringify(streamId)},"media":{"payload":"`;
  const mediaTail = `","contentType":${JSON.stringify(contentType)},"sampleRate":${JSON.stringify(rate)}}}`;
  let lastPayload = '';
  let lastMessage = '';
  // Reused every frame: what played, and (OUTBOUND) its encoding.
  const playedFrame = new Int16Array(frameSamples);
  const trackBytes = new Uint8Array(frameSamples * bytesPerSample(config.codec));
  const reached: string[] = [];
  const state = {
    stream_id: streamId, url: config.url, codec: config.codec, sample_rate: rate, direction: config.direction,
    bidirectional: config.bidirectional, stream_timeout: config.stream_timeout, keep_call_alive: config.keep_call_alive,
    connected_at: null as string | null, closed_at: null as string | null, close_reason: null as string | null,
    media_sent: 0, play_received: 0, played_ms: 0, queued_ms: 0, recorded_ms: 0, dtmf_sent: 0,
  };
  call.stream = state;
  let source: FrameSource = createFrameSource(audio, format);
  let socket: StreamSocket | null = null;
  let opened = false;
  let closing = false;
  let finished = false;
  let leaveTicker: (() => void) | null = null;
  let startedAt = 0;
  let frames = 0;
  let invalidEvents = 0;
  let playIgnoredNoted = false;
  let queueFullNoted = false;
  let closed: () => void = () => {};
  const closedPromise = new Promise<void>((resolve) => { closed = resolve; });
  const ms = (samples: number) => Math.round((samples * 1000) / rate);
  const now = () => new Date(ctx.clock.now()).toISOString();

  const sendText = (text: string) => {
    if (!socket || socket.readyState !== OPEN) return;
    try {
      socket.send(text);
    } catch {
      // A socket failing mid-send reports itself through its close event.
    }
  };
  const send = (message: { event: string; [field: string]: unknown }) => {
    countStreamMessage(ctx, 'sent', message.event, call.org_id);
    sendText(JSON.stringify(message));
  };

  const sendPayload = (payload: string) => {
    // A repeating payload (silence, a tone's cycle) repeats the same string: reuse its message.
    if (payload !== lastPayload) {
      lastPayload = payload;
      lastMessage = mediaHead + payload + mediaTail;
    }
    sendText(lastMessage);
    countStreamMessage(ctx, 'sent', 'media', call.org_id);
    state.media_sent++;
    changed(ctx.bus, 'sfvCalls');
    hooks.onMediaSent?.(state.media_sent);
  };

  const frame = () => {
    // The caller keeps talking even when not streamed (OUTBOUND streams what the server played).
    const payload = source.next();
    if (config.direction !== 'OUTBOUND') sendPayload(payload);
    // Audio nobody will hear (no recording wants it, nothing streams it back) plays without decoding.
    const heard = config.direction === 'OUTBOUND' || recorder.wants;
    const played = playback.queued > 0 ? playback.playInto(playedFrame, reached, !heard) : 0;
    if (played > 0 && heard) {
      const wasTruncated = recorder.truncated;
      recorder.append(playedFrame, played);
      if (!wasTruncated && recorder.truncated) {
        addEvent(ctx, call, 'recording_truncated', {
          detail: recorder.truncatedBy === 'duration' ? { max_seconds: maxSeconds } : { max_bytes: engine.budget.maxBytes },
        });
      }
      state.recorded_ms = ms(recorder.samples);
    }
    if (played > 0) {
      state.played_ms += ms(played);
      state.queued_ms = ms(playback.queued);
    }
    if (config.direction === 'OUTBOUND') {
      playedFrame.fill(0, played);
      encodePcmInto(config.codec, playedFrame, trackBytes);
      sendPayload(toBase64(trackBytes));
    }
    if (reached.length > 0) {
      for (const name of reached) playedStream(name);
      reached.length = 0;
    }
  };

  const playedStream = (name: string) => {
    send({ event: 'playedStream', streamId, name });
    hooks.onClientEvent?.('playedStream', 0);
    addEvent(ctx, call, 'played_stream', { detail: { name } });
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

  const member = {
    tick: () => {
      if (!closing && !finished) flush();
    },
  };
  const stopTicking = () => {
    leaveTicker?.();
    leaveTicker = null;
  };

  const invalid = (reason: string, detail: Record<string, unknown> = {}) => {
    hooks.onClientEvent?.('invalid', 0);
    if (invalidEvents++ >= MAX_INVALID_EVENTS) return;
    addEvent(ctx, call, 'stream_message_invalid', { message: reason, detail });
  };

  /** `alphabetOnly`: the payload is known to hold only base64 characters. */
  const onPlayAudio = (media: PlayAudioMedia, alphabetOnly = false) => {
    if (!config.bidirectional) {
      if (!playIgnoredNoted) addEvent(ctx, call, 'play_ignored', { message: 'playAudio ignored: the Stream JSON did not set bidirectional: true' });
      playIgnoredNoted = true;
      return;
    }
    const codec = codecOfContentType(media.contentType) ?? config.codec;
    const fromRate = media.sampleRate ?? (codec === 'L16' ? rate : 8000);
    if (alphabetOnly && codec !== 'L16' && fromRate === rate) {
      // G.711 at the stream's rate, from a message already checked character by character: its
      // length says whether atob takes it and how long it plays; decoding waits until it is heard.
      const samples = alphabetDecodedLength(media.payload);
      if (samples < 0) {
        invalid('playAudio payload is not base64');
        return;
      }
      if (queueFull(samples)) return;
      playback.enqueueBase64(media.payload, samples, codec === 'PCMA' ? ALAW_TABLE : ULAW_TABLE);
      received(samples);
      return;
    }
    let bytes: Uint8Array;
    try {
      bytes = alphabetOnly ? fromBase64Alphabet(media.payload) : fromBase64(media.payload);
    } catch {
      invalid('playAudio payload is not base64');
      return;
    }
    // G.711 at the stream's rate waits as it came and is decoded as it plays: no copy per message.
    const coded = codec !== 'L16' && fromRate === rate;
    const pcm = coded ? null : resample(decodeToPcm(codec, bytes), fromRate, rate);
    const samples = pcm ? pcm.length : bytes.length;
    if (queueFull(samples)) return;
    if (pcm) playback.enqueue(pcm);
    else playback.enqueueCoded(bytes, codec === 'PCMA' ? ALAW_TABLE : ULAW_TABLE);
    received(samples);
  };

  const queueFull = (samples: number) => {
    if (playback.queued + samples <= rate * MAX_QUEUED_SECONDS) return false;
    if (!queueFullNoted) addEvent(ctx, call, 'play_ignored', { message: `playback queue full (${MAX_QUEUED_SECONDS} s); audio dropped` });
    queueFullNoted = true;
    return true;
  };

  const received = (samples: number) => {
    state.play_received++;
    changed(ctx.bus, 'sfvCalls');
    hooks.onClientEvent?.('playAudio', ms(samples));
    state.queued_ms = ms(playback.queued);
  };

  const onMessage = (data: unknown) => {
    if (closing || finished) return;
    hooks.onClientMessage?.(data);
    if (typeof data !== 'string') {
      invalid('binary frame; SFVoPI messages are JSON text frames');
      return;
    }
    const compact = matchCompactPlayAudio(data);
    if (compact) {
      countStreamMessage(ctx, 'received', 'playAudio', call.org_id);
      onPlayAudio(compact, true);
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
    if (message.event === 'playAudio') {
      onPlayAudio((message as { media: PlayAudioMedia }).media);
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
    stopTicking();
    recorder.end();
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
    startedAt = engine.ticker.originFor(ctx.clock.now());
    leaveTicker = engine.ticker.join(member, startedAt);
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
      source = createFrameSource(spec, format);
    },
    close(reason) {
      if (finished) return closedPromise;
      if (!closing) {
        if (opened) flush();
        closing = true;
        state.close_reason = reason;
        stopTicking();
        try {
          socket?.close(1000, reason);
        } catch {
          finish();
        }
        // A server that never completes the close handshake must not hold up the hangup.
        const guard = ctx.clock.setTimeout(finish, CLOSE_GRACE_MS);
        void closedPromise.then(() => ctx.clock.clearTimeout(guard));
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
