// The audio building blocks: G.711 against known code points, L16 byte order, WAV round trips,
// resampling, and the playback queue's checkpoints.
import { describe, expect, it } from 'vitest';
import { alawToLinear, decodeAlaw, decodeUlaw, encodeAlaw, encodeUlaw, linearToAlaw, linearToUlaw, ulawToLinear } from '../../src/audio/g711.ts';
import { decodeToPcm, encodePcm, samplesPerFrame } from '../../src/audio/codec.ts';
import { parseWav, writeWav } from '../../src/audio/wav.ts';
import { resample } from '../../src/audio/resample.ts';
import { CHECKPOINT_OVERHEAD_BYTES, createPlayback } from '../../src/audio/playback.ts';
import { flatString, heldAfter, MB } from '../support/heap.ts';
import { createRecorder } from '../../src/audio/recorder.ts';
import { fromBase64, toBase64 } from '../../src/audio/base64.ts';
import { createSource } from '../../src/audio/source.ts';

describe('G.711', () => {
  it('encodes silence and full scale to the standard code points', () => {
    expect(linearToAlaw(0)).toBe(0xd5);
    expect(linearToUlaw(0)).toBe(0xff);
    expect(linearToAlaw(32767)).toBe(0xaa);
    expect(linearToAlaw(-32768)).toBe(0x2a);
    expect(linearToUlaw(32767)).toBe(0x80);
    expect(linearToUlaw(-32768)).toBe(0x00);
    expect(alawToLinear(0xd5)).toBe(8);
    expect(ulawToLinear(0xff)).toBe(0);
  });

  it('every code decodes and re-encodes to itself', () => {
    for (let code = 0; code < 256; code++) {
      expect(linearToAlaw(alawToLinear(code))).toBe(code);
      // μ-law has two zeros (0x7f and 0xff); both decode to 0, which encodes as 0xff.
      if (code !== 0x7f) expect(linearToUlaw(ulawToLinear(code))).toBe(code);
    }
  });

  it('round trips within the companding error', () => {
    const pcm = Int16Array.from({ length: 2000 }, (_, i) => Math.round(30000 * Math.sin(i / 7)));
    for (const [enc, dec] of [[encodeAlaw, decodeAlaw], [encodeUlaw, decodeUlaw]] as const) {
      const back = dec(enc(pcm));
      for (let i = 0; i < pcm.length; i++) expect(Math.abs(back[i]! - pcm[i]!)).toBeLessThanOrEqual(Math.max(16, Math.abs(pcm[i]!) / 16));
    }
  });
});

describe('codecs and framing', () => {
  it('L16 is little-endian and 20 ms frames have the right sizes', () => {
    expect(Array.from(encodePcm('L16', Int16Array.of(0x0102, -2)))).toEqual([0x02, 0x01, 0xfe, 0xff]);
    expect(Array.from(decodeToPcm('L16', Uint8Array.of(0x02, 0x01, 0xfe, 0xff)))).toEqual([0x0102, -2]);
    expect([8000, 16000, 44100, 48000].map(samplesPerFrame)).toEqual([160, 320, 882, 960]);
  });

  it('base64 round trips any bytes', () => {
    const bytes = Uint8Array.from({ length: 70000 }, (_, i) => (i * 31) & 0xff);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
  });
});

describe('WAV', () => {
  it('writes and parses mono 16-bit PCM', () => {
    const samples = Int16Array.from({ length: 999 }, (_, i) => i * 13 - 5000);
    const parsed = parseWav(writeWav({ sampleRate: 22050, samples }));
    expect(parsed.sampleRate).toBe(22050);
    expect(parsed.samples).toEqual(samples);
  });

  it('takes the first channel of a stereo file and skips unknown chunks', () => {
    const frames = 4;
    const data = new Int16Array(frames * 2).map((_, i) => (i % 2 === 0 ? i * 100 : -1));
    const body = new Uint8Array(data.buffer);
    const out = new Uint8Array(12 + 8 + 4 + 8 + 16 + 8 + body.length);
    const v = new DataView(out.buffer);
    const tag = (o: number, s: string) => [...s].forEach((c, i) => v.setUint8(o + i, c.charCodeAt(0)));
    tag(0, 'RIFF'); v.setUint32(4, out.length - 8, true); tag(8, 'WAVE');
    tag(12, 'LIST'); v.setUint32(16, 4, true); tag(20, 'INFO');
    tag(24, 'fmt '); v.setUint32(28, 16, true); v.setUint16(32, 1, true); v.setUint16(34, 2, true); v.setUint32(36, 8000, true); v.setUint32(40, 32000, true); v.setUint16(44, 4, true); v.setUint16(46, 16, true);
    tag(48, 'data'); v.setUint32(52, body.length, true); out.set(body, 56);
    expect(Array.from(parseWav(out).samples)).toEqual([0, 200, 400, 600]);
  });

  it('rejects what it cannot play', () => {
    expect(() => parseWav(new TextEncoder().encode('nope'))).toThrow(/RIFF/);
    const eightBit = writeWav({ sampleRate: 8000, samples: new Int16Array(4) });
    new DataView(eightBit.buffer).setUint16(34, 8, true);
    expect(() => parseWav(eightBit)).toThrow(/16-bit/);
  });
});

describe('resampling and sources', () => {
  it('halves and doubles lengths, keeping a linear ramp linear', () => {
    const ramp = Int16Array.from({ length: 100 }, (_, i) => i * 10);
    expect(resample(ramp, 16000, 8000)).toHaveLength(50);
    const up = resample(ramp, 8000, 16000);
    expect(up).toHaveLength(200);
    expect(up[1]).toBe(5);
  });

  it('a tone keeps its phase across frames', () => {
    const source = createSource({ type: 'tone', frequency_hz: 1000, amplitude: 0.5 }, 8000);
    const joined = [...source.next(4), ...source.next(4)];
    const whole = createSource({ type: 'tone', frequency_hz: 1000, amplitude: 0.5 }, 8000).next(8);
    expect(joined).toEqual(Array.from(whole));
  });
});

describe('playback queue', () => {
  it('plays at pace, fires checkpoints when what was queued before them has played, and clears', () => {
    const playback = createPlayback();
    expect(playback.checkpoint('empty')).toBe(true);
    playback.enqueue(new Int16Array(300).fill(1));
    expect(playback.checkpoint('a')).toBe(false);
    playback.enqueue(new Int16Array(100).fill(2));
    expect(playback.checkpoint('b')).toBe(false);
    expect(playback.play(160).reached).toEqual([]);
    const second = playback.play(160);
    expect(second.reached).toEqual(['a']);
    expect(Array.from(second.audio.slice(138, 142))).toEqual([1, 1, 2, 2]);
    playback.enqueue(new Int16Array(500));
    expect(playback.checkpoint('c')).toBe(false);
    expect(playback.clear()).toEqual(['b', 'c']);
    expect(playback.play(160).audio).toHaveLength(0);
  });

  it('counts what waits in bytes, and lets a reached checkpoint\'s name go', () => {
    const { held, kept: playback } = heldAfter(() => {
      const p = createPlayback();
      for (let i = 0; i < 20; i++) {
        p.enqueue(new Int16Array(160));
        p.checkpoint(flatString(`${i}`.padEnd(MB, 'n'))); // 20 names of 1 MiB
      }
      expect(p.bytes).toBe(20 * (160 * 2 + MB + CHECKPOINT_OVERHEAD_BYTES));
      const reached: string[] = [];
      for (let i = 0; i < 19; i++) p.playInto(new Int16Array(160), reached);
      expect(reached).toHaveLength(19);
      expect(p.bytes).toBe(160 * 2 + MB + CHECKPOINT_OVERHEAD_BYTES);
      return p;
    });
    // One name of 1 MiB (one-byte characters) waits; the 19 reached ones are let go.
    expect(held).toBeGreaterThan(MB);
    expect(held).toBeLessThan(4 * MB);
    expect(playback.queued).toBe(160);
  });

  it('the recorder stops at its cap and says so', () => {
    const recorder = createRecorder(8000, 0.05);
    recorder.append(new Int16Array(300));
    recorder.append(new Int16Array(300));
    expect(recorder.samples).toBe(400);
    expect(recorder.truncated).toBe(true);
  });
});
