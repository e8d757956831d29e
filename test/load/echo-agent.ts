// A small voice agent for the load tests, living on the mock's own clock so that its timing is
// exact: its answer webhook replies after `answerDelayMs`, and on its media stream it answers
// each utterance `replyDelayMs` after the last frame of speech it heard, with `replyFrames`
// frames of audio and a checkpoint. It notes what it measured itself, for the tests to compare.
import type { Clock } from '../../src/core/clock.ts';
import type { StreamSocket } from '../../src/core/socket.ts';
import { fromBase64, toBase64 } from '../../src/audio/base64.ts';
import { decodeToPcm, encodePcm } from '../../src/audio/codec.ts';

export interface EchoAgentOptions {
  /** A number, or one worked out from the answer webhook's payload (e.g. its `from`). */
  answerDelayMs?: number | ((payload: { from: string }) => number);
  replyDelayMs: number;
  replyFrames?: number;
  /** Every reply frame after the first is sent this much later than the one before (0: all at once). */
  frameGapMs?: number;
  /** Sent once per call right after the reply: a message that is not valid SFVoPI. */
  sendMalformed?: boolean;
  /** The answer webhook never answers (the mock then times out). */
  answerHangs?: boolean;
  /** Reply with a tone (speech to an energy detector) instead of silence. */
  replyTone?: boolean;
}

export interface EchoAgent {
  fetch: typeof fetch;
  connect(url: string): StreamSocket;
  /** Per stream: the delay the agent itself saw between the last speech and its reply. */
  measuredReplyMs: number[];
  bindClock(clock: Clock): void;
}

const STREAM_URL = 'ws://agent.invalid/media';

export function createEchoAgent(options: EchoAgentOptions): EchoAgent {
  let clock: Clock | null = null;
  const measuredReplyMs: number[] = [];
  const silentFrame = toBase64(encodePcm('PCMA', new Int16Array(160)));
  const toneFrame = toBase64(encodePcm('PCMA', Int16Array.from({ length: 160 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 400 * i) / 8000)))));

  const agentFetch: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.endsWith('/answer')) return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    const body = JSON.stringify({ stream: { url: STREAM_URL, codec: 'PCMA', sample_rate: 8000, bidirectional: true } });
    const signal = init?.signal ?? undefined;
    return new Promise<Response>((resolve, reject) => {
      signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true });
      if (options.answerHangs) return;
      const reply = () => resolve(new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }));
      const delay = typeof options.answerDelayMs === 'function' ? options.answerDelayMs(JSON.parse(String(init?.body ?? '{}'))) : options.answerDelayMs;
      if (delay) clock!.setTimeout(reply, delay);
      else reply();
    });
  };

  const connect = (_url: string): StreamSocket => {
    const listeners = new Map<string, Array<(event: any) => void>>();
    const emit = (type: string, event: object) => { for (const l of listeners.get(type) ?? []) l(event); };
    let readyState = 0;
    let lastSpeech: number | null = null;
    let timer: number | null = null;
    let replied = false;
    const toMock = (message: unknown) => {
      if (readyState !== 1) return;
      emit('message', { data: typeof message === 'string' ? message : JSON.stringify(message) });
    };
    const reply = () => {
      timer = null;
      replied = true;
      measuredReplyMs.push(clock!.now() - lastSpeech!);
      const frames = options.replyFrames ?? 5;
      const gap = options.frameGapMs ?? 0;
      for (let i = 0; i < frames; i++) {
        const frame = () => toMock({ event: 'playAudio', media: { payload: options.replyTone ? toneFrame : silentFrame, contentType: 'audio/PCMA', sampleRate: 8000 } });
        if (gap === 0 || i === 0) frame();
        else clock!.setTimeout(frame, gap * i);
      }
      const after = () => {
        toMock({ event: 'checkpoint', name: 'reply' });
        if (options.sendMalformed) toMock('{"event":"playAudio"}');
      };
      if (gap === 0) after();
      else clock!.setTimeout(after, gap * frames);
    };
    const fromMock = (data: string) => {
      const message = JSON.parse(data);
      if (message.event !== 'media' || replied) return;
      const pcm = decodeToPcm('PCMA', fromBase64(message.media.payload));
      const speech = pcm.some((s) => Math.abs(s) > 328);
      if (!speech) return;
      lastSpeech = clock!.now();
      if (timer !== null) clock!.clearTimeout(timer);
      timer = clock!.setTimeout(reply, options.replyDelayMs);
    };
    const socket: StreamSocket = {
      get readyState() { return readyState; },
      send(data) { queueMicrotask(() => fromMock(data)); },
      close() {
        if (readyState === 3) return;
        readyState = 3;
        if (timer !== null) clock!.clearTimeout(timer);
        queueMicrotask(() => emit('close', { code: 1000 }));
      },
      addEventListener(type, listener) {
        listeners.set(type, [...(listeners.get(type) ?? []), listener]);
      },
    };
    queueMicrotask(() => {
      readyState = 1;
      emit('open', {});
    });
    return socket;
  };

  return { fetch: agentFetch, connect, measuredReplyMs, bindClock: (c) => { clock = c; } };
}
