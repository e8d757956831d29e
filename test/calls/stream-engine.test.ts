// The stream engine's fast paths against the plain implementations they replace: base64 and
// G.711 in bulk (bit-exact), frames encoded once (the same bytes as encoding every frame), the
// direct check of client messages (never looser than the schema), the shared tick on the
// virtual clock (no drift, capped catch-up), and the recording bounds.
import { describe, expect, it } from 'vitest';
import { alphabetDecodedLength, fromBase64, fromBase64Alphabet, fromBase64Portable, toBase64, toBase64Portable } from '../../src/audio/base64.ts';
import { encodeAlaw, encodeAlawInto, encodeUlaw, linearToAlaw, linearToUlaw } from '../../src/audio/g711.ts';
import { encodePcm, samplesPerFrame, type Codec } from '../../src/audio/codec.ts';
import { createFrameSource, createSource, type AudioSpec } from '../../src/audio/source.ts';
import { createPlayback } from '../../src/audio/playback.ts';
import { createRecorder } from '../../src/audio/recorder.ts';
import { createTicker } from '../../src/sfvopi/engine/ticker.ts';
import { createFrameSchedule } from '../../src/sfvopi/engine/stream/frame-schedule.ts';
import { checkClientMessage, matchCompactPlayAudio } from '../../src/sfvopi/engine/client-message.ts';
import { createRealClock, createVirtualClock, VIRTUAL_EPOCH } from '../../src/core/clock.ts';
import { createValidator } from '../../src/core/contract/validator.ts';
import { openapiDocument } from '../../src/generated/openapi-document.ts';
import { ALAW_TABLE } from '../../src/audio/g711.ts';

/** A fixed pseudo-random sequence (no Math.random: the test is the same every run). */
function lcg(seed: number) {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
}

describe('base64 in bulk', () => {
  it('encodes every length and byte exactly as the portable btoa path', () => {
    const next = lcg(7);
    for (let length = 0; length < 300; length++) {
      const bytes = Uint8Array.from({ length }, () => next() & 0xff);
      expect(toBase64(bytes)).toBe(toBase64Portable(bytes));
      // A view into a larger buffer encodes only its own bytes.
      const wide = new Uint8Array(length + 8);
      wide.set(bytes, 3);
      expect(toBase64(wide.subarray(3, 3 + length))).toBe(toBase64Portable(bytes));
    }
  });

  it('decodes what atob decodes, to the same bytes, and refuses what atob refuses', () => {
    const next = lcg(11);
    const samples: string[] = ['', 'AA==', 'AAA=', 'AAAA', 'AP==', 'AB', 'ABC', ' AA AA ', 'AA\n==', '====', 'A===', 'A', 'AB=C', 'AB==AA==', 'AB-_', '!!!', 'AAAA!', 'ÿÿÿÿ', 'A\u0100AA', 'A\u0141AA', '\u0141\u0141\u0141\u0141', 'AB\u0000A', 'AB\tA', 'QUJD\\/A=='];
    for (let length = 0; length < 200; length++) samples.push(toBase64Portable(Uint8Array.from({ length }, () => next() & 0xff)));
    // Corrupt some valid strings one character at a time.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ !.\u00e9\u0141\u0100\t\n\\"';
    for (let i = 0; i < 400; i++) {
      const base = samples[20 + (next() % 200)]!;
      if (base.length === 0) continue;
      const at = next() % base.length;
      samples.push(base.slice(0, at) + alphabet[next() % alphabet.length] + base.slice(at + 1));
    }
    for (const text of samples) {
      let expected: number[] | 'throws';
      try {
        expected = Array.from(fromBase64Portable(text));
      } catch {
        expected = 'throws';
      }
      let actual: number[] | 'throws';
      try {
        actual = Array.from(fromBase64(text));
      } catch {
        actual = 'throws';
      }
      expect(actual, JSON.stringify(text)).toEqual(expected);
    }
  });
});

describe('base64 length without decoding', () => {
  it('for text of base64 characters and up to two trailing =, says what atob decodes to, or that it refuses', () => {
    const next = lcg(5);
    const chars = 'AZaz09+/';
    for (let length = 0; length < 14; length++) {
      for (const padding of ['', '=', '==']) {
        const text = Array.from({ length }, () => chars[next() % chars.length]).join('') + padding;
        let expected: number;
        try {
          expected = fromBase64Portable(text).length;
        } catch {
          expected = -1;
        }
        expect(alphabetDecodedLength(text), JSON.stringify(text)).toBe(expected);
        if (expected >= 0) expect(Array.from(fromBase64Alphabet(text))).toEqual(Array.from(fromBase64Portable(text)));
      }
    }
  });
});

describe('G.711 in bulk', () => {
  it('the encode tables give the reference encoder\'s code for every 16-bit sample', () => {
    const all = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
    const alaw = encodeAlaw(all);
    const ulaw = encodeUlaw(all);
    for (let i = 0; i < all.length; i++) {
      if (alaw[i] !== linearToAlaw(all[i]!)) throw new Error(`A-law differs at ${all[i]}`);
      if (ulaw[i] !== linearToUlaw(all[i]!)) throw new Error(`μ-law differs at ${all[i]}`);
    }
    const out = new Uint8Array(4).fill(9);
    encodeAlawInto(Int16Array.of(0, 32767, -32768, 5), out, 3);
    expect(Array.from(out)).toEqual([0xd5, 0xaa, 0x2a, 9]);
  });
});

describe('frames encoded once', () => {
  const specs: AudioSpec[] = [
    { type: 'silence' },
    { type: 'tone', frequency_hz: 440, amplitude: 0.5 },
    { type: 'tone', frequency_hz: 1234.5 },
    { type: 'wav', pcm: { sampleRate: 16000, samples: Int16Array.from({ length: 5000 }, (_, i) => (i * 37) % 20000 - 10000) } },
  ];
  it.each([['PCMA', 8000], ['PCMU', 8000], ['L16', 16000], ['L16', 11025]] as Array<[Codec, number]>)('%s at %i Hz: the same payloads as encoding every frame', (codec, rate) => {
    const frameSamples = samplesPerFrame(rate);
    for (const spec of specs) {
      const plain = createSource(spec, rate);
      const framed = createFrameSource(spec, { codec, sampleRate: rate, frameSamples });
      // 130 frames: past a tone's one-second cycle and past the end of the WAV.
      for (let i = 0; i < 130; i++) expect(framed.next(), `${spec.type} frame ${i}`).toBe(toBase64Portable(encodePcm(codec, plain.next(frameSamples))));
    }
  });

  it('silence is one string, and a WAV\'s frames are shared by every stream playing it', () => {
    const format = { codec: 'PCMA' as const, sampleRate: 8000, frameSamples: 160 };
    const silence = createFrameSource({ type: 'silence' }, format);
    expect(silence.next()).toBe(silence.next());
    const spec: AudioSpec = { type: 'wav', pcm: { sampleRate: 8000, samples: new Int16Array(800).fill(1000) } };
    createFrameSource(spec, format).next();
    expect(spec.type === 'wav' && spec.frames?.get('PCMA/8000/160')).toHaveLength(5);
  });
});

describe('the playback queue on the frame path', () => {
  it('plays coded and PCM chunks in order without per-frame allocation, checkpoints as a FIFO', () => {
    const playback = createPlayback();
    const codes = Uint8Array.from({ length: 250 }, (_, i) => i);
    playback.enqueueCoded(codes, ALAW_TABLE);
    playback.checkpoint('a');
    playback.enqueue(new Int16Array(100).fill(7));
    playback.checkpoint('b');
    const out = new Int16Array(160);
    const reached: string[] = [];
    expect(playback.playInto(out, reached)).toBe(160);
    expect(Array.from(out.subarray(0, 3))).toEqual([ALAW_TABLE[0], ALAW_TABLE[1], ALAW_TABLE[2]]);
    expect(reached).toEqual([]);
    expect(playback.playInto(out, reached)).toBe(160);
    expect(out[89]).toBe(ALAW_TABLE[249]);
    expect(out[90]).toBe(7);
    expect(reached).toEqual(['a']);
    expect(playback.playInto(out, reached)).toBe(30);
    expect(reached).toEqual(['a', 'b']);
    expect(playback.queued).toBe(0);
  });

  it('keeps base64 until its audio is wanted, and plays unheard audio without decoding it', () => {
    const playback = createPlayback();
    const codes = Uint8Array.from({ length: 320 }, (_, i) => i & 0xff);
    playback.enqueueBase64(toBase64Portable(codes), 320, ALAW_TABLE);
    playback.enqueueBase64('!!!!', 160, ALAW_TABLE); // never decoded: it plays unheard
    playback.checkpoint('end');
    const out = new Int16Array(160).fill(-1);
    const reached: string[] = [];
    expect(playback.playInto(out, reached)).toBe(160);
    expect(out[5]).toBe(ALAW_TABLE[5]);
    out.fill(-1);
    expect(playback.playInto(out, reached, true)).toBe(160);
    expect(out[5]).toBe(-1);
    expect(playback.playInto(out, reached, true)).toBe(160);
    expect(reached).toEqual(['end']);
  });

  it('a thousand checkpoints cost one look each frame, and clear drops the rest', () => {
    const playback = createPlayback();
    for (let i = 0; i < 1000; i++) {
      playback.enqueue(new Int16Array(10));
      playback.checkpoint(`m${i}`);
    }
    const out = new Int16Array(160);
    const reached: string[] = [];
    playback.playInto(out, reached);
    expect(reached).toEqual(Array.from({ length: 16 }, (_, i) => `m${i}`));
    const dropped = playback.clear();
    expect(dropped).toHaveLength(984);
    expect(dropped[0]).toBe('m16');
  });
});

describe('the direct check of client messages', () => {
  const validator = createValidator(openapiDocument, 'openapi.json');
  const schemaAccepts = (m: unknown) => validator.validateAt('#/components/schemas/WsClientMessage', m).length === 0;
  const messages: unknown[] = [
    { event: 'playAudio', media: { payload: 'AAAA' } },
    { event: 'playAudio', streamId: 'x', media: { payload: 'AAAA', contentType: 'audio/PCMA', sampleRate: 8000 } },
    { event: 'playAudio', media: { payload: 'AAAA', contentType: 'audio/x-l16', sampleRate: 16000 }, extra: 1 },
    { event: 'playAudio', media: { payload: 'AAAA', contentType: 'audio/opus' } },
    { event: 'playAudio', media: { payload: 'AAAA', sampleRate: 8000.5 } },
    { event: 'playAudio', media: { payload: 'AAAA', sampleRate: '8000' } },
    { event: 'playAudio', media: { payload: 7 } },
    { event: 'playAudio', media: [] },
    { event: 'playAudio', media: null },
    { event: 'playAudio' },
    { event: 'playAudio', streamId: 5, media: { payload: '' } },
    { event: 'checkpoint', name: 'n' },
    { event: 'checkpoint', name: '' },
    { event: 'checkpoint', name: 3 },
    { event: 'checkpoint' },
    { event: 'clearAudio' },
    { event: 'clearAudio', streamId: 'SFV' },
    { event: 'clearAudio', streamId: null },
    { event: 'media', media: { payload: 'AAAA' } },
    { event: 'PLAYAUDIO', media: { payload: 'AAAA' } },
    {},
    [],
    null,
    'playAudio',
    42,
  ];
  it.each(messages.map((m) => [JSON.stringify(m), m]))('%s: accepted directly only if the schema accepts it', (_, message) => {
    if (checkClientMessage(message)) expect(schemaAccepts(message)).toBe(true);
  });
  it('matches compact playAudio text only when JSON.parse and the schema agree, with the same values', () => {
    const p = 'AAECAw==';
    const texts = [
      `{"event":"playAudio","media":{"payload":"${p}"}}`,
      `{"event":"playAudio","media":{"payload":"${p}","contentType":"audio/PCMU","sampleRate":8000}}`,
      `{"event":"playAudio","streamId":"SFV_STRM_BI_1","media":{"payload":"${p}","sampleRate":16000}}`,
      `{"event":"playAudio","media":{"payload":"${p}","contentType":"audio/x-l16"},"streamId":"s"}`,
      `{"event":"playAudio","media":{"payload":""}}`,
      `{"event":"playAudio","media":{"payload":"!!!"}}`,
      `{"event":"playAudio","media":{"payload":"AA\\/A"}}`,
      `{"event":"playAudio","media":{"payload":"AA\u0001A"}}`,
      `{"event":"playAudio","media":{"payload":"${p}","sampleRate":08000}}`,
      `{"event":"playAudio","media":{"payload":"${p}","sampleRate":8000.5}}`,
      `{"event":"playAudio","media":{"payload":"${p}","contentType":"audio/opus"}}`,
      `{"event":"playAudio","streamId":"a\"b","media":{"payload":"${p}"}}`,
      `{"event":"playAudio", "media":{"payload":"${p}"}}`,
      `{"event":"playAudio","media":{"payload":"${p}"}} `,
      `{"event":"playAudio","media":{"payload":"${p}"}`,
      `{"event":"playAudio","media":{"payload":"${p}"}}}`,
    ];
    for (const text of texts) {
      const matched = matchCompactPlayAudio(text);
      if (!matched) continue;
      const parsed = JSON.parse(text);
      expect(schemaAccepts(parsed), text).toBe(true);
      expect(matched, text).toEqual(parsed.media);
    }
    expect(texts.slice(0, 5).every((t) => matchCompactPlayAudio(t))).toBe(true);
  });

  it('takes the direct way for every well-formed message', () => {
    for (const m of messages) if (schemaAccepts(m)) expect(checkClientMessage(m), JSON.stringify(m)).toBe(true);
  });
});

describe('the shared tick', () => {
  /** A member like a stream, on the streams' own schedule: frame k due at origin + 20k, at most 50 frames a wake-up. */
  function member(origin: number) {
    const frames: number[] = [];
    const schedule = createFrameSchedule(origin);
    return {
      frames,
      tick(asOf: number) {
        const due = schedule.take(asOf);
        for (let k = schedule.frames - due + 1; k <= schedule.frames; k++) frames.push(origin + 20 * k);
      },
    };
  }

  it('wakes each member on its own schedule, without drift, with one timer per phase', async () => {
    const clock = createVirtualClock();
    const ticker = createTicker(clock, 20);
    const a = member(clock.now());
    ticker.join(a, clock.now());
    await clock.advance(7);
    const b = member(clock.now());
    const leaveB = ticker.join(b, ticker.originFor(clock.now()));
    const c = member(clock.now());
    ticker.join(c, clock.now());
    expect(ticker.timers).toBe(2); // a's phase, and the phase b and c share
    await clock.advance(10_000 - 7);
    expect(a.frames).toHaveLength(500);
    expect(a.frames.every((t, i) => t === VIRTUAL_EPOCH + 20 * (i + 1))).toBe(true);
    expect(b.frames).toHaveLength(499);
    expect(b.frames.at(-1)).toBe(VIRTUAL_EPOCH + 7 + 499 * 20);
    leaveB();
    expect(ticker.timers).toBe(2); // c is still on that phase
    await clock.advance(1000);
    expect(b.frames).toHaveLength(499);
    expect(c.frames).toHaveLength(549);
  });

  it('a member that falls behind catches up by at most its cap, then keeps its schedule', async () => {
    const clock = createVirtualClock();
    const ticker = createTicker(clock, 20);
    const m = member(clock.now());
    ticker.join(m, clock.now());
    // A clock jumping 5 s past the tick (a blocked loop on a real clock) in one go: the timer
    // fires once, late.
    const due = clock.now() + 5000;
    const real = { ...clock, now: () => Math.max(clock.now(), due) };
    const late = createTicker(real, 20);
    const n = member(clock.now());
    late.join(n, clock.now());
    await clock.advance(20);
    expect(n.frames).toHaveLength(50);
    expect(n.frames.at(-1)).toBe(due);
    await clock.advance(5000);
    expect(m.frames).toHaveLength(251);
    expect(n.frames.at(-1)).toBe(clock.now());
  });

  it('contains a member that throws, and stops its timer when the last member leaves', async () => {
    const clock = createVirtualClock();
    const ticker = createTicker(clock, 20);
    const good = member(clock.now());
    ticker.join({ tick: () => { throw new Error('boom'); } }, clock.now());
    const leave = ticker.join(good, clock.now());
    await clock.advance(100);
    expect(good.frames).toHaveLength(5);
    leave();
    expect(ticker.timers).toBe(1);
  });

  it('on a real clock every member is put on one phase, within a period before its start', () => {
    const clock = createRealClock();
    const ticker = createTicker(clock, 20);
    const first = ticker.originFor(1000);
    expect(first).toBe(1000);
    expect(ticker.originFor(1013)).toBe(1000);
    expect(ticker.originFor(1047)).toBe(1040);
    expect(createTicker(createVirtualClock(), 20).originFor(1013)).toBe(1013);
  });
});

describe('recordings', () => {
  it('are bounded by duration, then by a byte budget shared across recorders, and give it back when discarded', () => {
    const budget = { maxBytes: 2 * 8000 * 2, used: 0 }; // two seconds at 8 kHz
    const a = createRecorder(8000, 1.5, { budget });
    a.append(new Int16Array(16000).fill(1));
    expect(a.samples).toBe(12000);
    expect(a.truncatedBy).toBe('duration');
    const b = createRecorder(8000, 600, { budget });
    for (let i = 0; i < 100; i++) b.append(new Int16Array(160).fill(2));
    expect(b.samples).toBe(8000 * 2 * 2 / 2 - 12000);
    expect(b.truncatedBy).toBe('budget');
    expect(budget.used).toBe(budget.maxBytes);
    expect(a.wants).toBe(false);
    expect(b.wants).toBe(false);
    a.discard();
    expect(budget.used).toBe(b.samples * 2);
    expect(createRecorder(8000, 1, { budget }).wants).toBe(true);
    expect(Array.from(b.toPcm().subarray(0, 2))).toEqual([2, 2]);
  });

  it('hand everything within the duration to a sink, whatever the memory budget', () => {
    const written: number[] = [];
    let ended = false;
    const sink = { write: (pcm: Int16Array) => written.push(...pcm), end: () => { ended = true; } };
    const r = createRecorder(8000, 0.05, { budget: { maxBytes: 100, used: 0 }, sink });
    r.append(Int16Array.of(1, 2, 3), 2);
    r.append(new Int16Array(500).fill(4));
    r.end();
    expect(written).toHaveLength(400);
    expect(written.slice(0, 3)).toEqual([1, 2, 4]);
    expect(r.samples).toBe(50);
    expect(ended).toBe(true);
  });
});
