// A voice agent for the conversation tests, on the mock's own clock so its timing is exact. By
// default it keeps every rule: it greets, answers each utterance `replyDelayMs` after the
// caller's speech stops (a tone of `replyMs`, in 20 ms frames sent at once, then a
// checkpoint), clears its audio when the caller speaks over it, and on DTMF `#` says goodbye
// and closes the stream. Each `break…` option breaks one rule.
import type { Clock } from '../../src/core/clock.ts';
import type { StreamSocket } from '../../src/core/socket.ts';
import { fromBase64, toBase64 } from '../../src/audio/base64.ts';
import { decodeToPcm, encodePcm, type Codec } from '../../src/audio/codec.ts';

export interface TestAgentOptions {
  greetMs?: number;
  /** Silence before the greeting's tone (in the same audio): not speech. */
  leadingSilenceMs?: number;
  replyDelayMs?: number;
  replyMs?: number;
  answerDelayMs?: number;
  codec?: Codec;
  lateFirstAudioMs?: number;
  talkOverCaller?: boolean;
  neverClear?: boolean;
  binaryFrames?: boolean;
  wrongCodec?: boolean;
  noCheckpoints?: boolean;
  noHangup?: boolean;
  /** Sends one playAudio without its media along with the greeting. */
  malformed?: boolean;
}

export interface TestAgent {
  fetch: typeof fetch;
  connect(url: string): StreamSocket;
  bindClock(clock: Clock): void;
}

const SPEECH = 328;

function tone(codec: Codec, ms: number, silenceMs = 0): string[] {
  const frames: string[] = [];
  for (let f = 0; f < (ms + silenceMs) / 20; f++) {
    const pcm = new Int16Array(160);
    if (f * 20 >= silenceMs) for (let i = 0; i < 160; i++) pcm[i] = Math.round(9000 * Math.sin((2 * Math.PI * 300 * (f * 160 + i)) / 8000));
    frames.push(toBase64(encodePcm(codec, pcm)));
  }
  return frames;
}

export function createTestAgent(o: TestAgentOptions = {}): TestAgent {
  let clock: Clock | null = null;
  const codec = o.codec ?? 'PCMA';
  const agentFetch: typeof fetch = async (input) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.endsWith('/answer')) return new Response('{}', { status: 200 });
    const body = JSON.stringify({ stream: { url: 'ws://agent.invalid/media', codec, sample_rate: 8000, bidirectional: true } });
    const reply = () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    if (!o.answerDelayMs) return reply();
    return new Promise((resolve) => clock!.setTimeout(() => resolve(reply()), o.answerDelayMs!));
  };

  const connect = (): StreamSocket => {
    const listeners = new Map<string, Array<(event: any) => void>>();
    const emit = (type: string, event: object) => { for (const l of listeners.get(type) ?? []) l(event); };
    let readyState = 0;
    let timer: number | null = null;
    let speakingUntil = 0;
    let callerTalking = false;
    const toMock = (message: unknown) => {
      if (readyState === 1) emit('message', { data: typeof message === 'string' || message instanceof Uint8Array ? message : JSON.stringify(message) });
    };
    const speak = (ms: number, silenceMs = 0) => {
      const sentCodec = o.wrongCodec ? (codec === 'PCMA' ? 'PCMU' : 'PCMA') : codec;
      for (const payload of tone(sentCodec, ms, silenceMs)) {
        if (o.binaryFrames) toMock(fromBase64(payload));
        else toMock({ event: 'playAudio', media: { payload, contentType: `audio/${sentCodec}`, sampleRate: 8000 } });
      }
      speakingUntil = Math.max(clock!.now(), speakingUntil) + ms + silenceMs;
      if (!o.noCheckpoints) toMock({ event: 'checkpoint', name: 'said' });
    };
    const close = () => {
      if (readyState === 3) return;
      readyState = 3;
      queueMicrotask(() => emit('close', { code: 1000 }));
    };
    const fromMock = (data: string) => {
      const message = JSON.parse(data);
      if (message.event === 'dtmf' && message.dtmf.digit === '#') {
        speak(400);
        if (!o.noHangup) clock!.setTimeout(close, 600);
        return;
      }
      if (message.event !== 'media') return;
      const pcm = decodeToPcm(codec, fromBase64(message.media.payload));
      const loud = pcm.some((s) => Math.abs(s) > SPEECH);
      if (!loud) return;
      if (!callerTalking && clock!.now() < speakingUntil && !o.neverClear) {
        toMock({ event: 'clearAudio' });
        speakingUntil = clock!.now();
      }
      if (o.talkOverCaller && !callerTalking) speak(o.replyMs ?? 600);
      callerTalking = true;
      // Replies a fixed delay after the last frame of speech it heard.
      if (timer !== null) clock!.clearTimeout(timer);
      timer = clock!.setTimeout(() => {
        timer = null;
        callerTalking = false;
        speak(o.replyMs ?? 600);
      }, o.replyDelayMs ?? 300);
    };
    const socket: StreamSocket = {
      get readyState() { return readyState; },
      send(data) { queueMicrotask(() => fromMock(data)); },
      close,
      addEventListener(type, listener) { listeners.set(type, [...(listeners.get(type) ?? []), listener]); },
    };
    queueMicrotask(() => {
      readyState = 1;
      emit('open', {});
      clock!.setTimeout(() => {
        speak(o.greetMs ?? 800, o.leadingSilenceMs ?? 0);
        if (o.malformed) toMock('{"event":"playAudio"}');
      }, o.lateFirstAudioMs ?? 100);
    });
    return socket;
  };
  return { fetch: agentFetch, connect, bindClock: (c) => { clock = c; } };
}
