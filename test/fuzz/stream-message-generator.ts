// Seeded messages a user's agent sends on an SFVoPI media stream, each with what the mock must
// make of it: valid playAudio / checkpoint / clearAudio (the WsClientMessage schemas in
// openapi.yaml) and the invalid ones a buggy agent sends (wrong types, missing fields, unknown
// events, bad base64, JSON that is not an object, deep nesting, binary frames). Same seed, same
// messages. Every message stays under the test's maxStreamMessageBytes.
import { ODD_STRINGS, type Rng } from './generator.ts';

export type Expect = 'play' | 'checkpoint' | 'clear' | 'invalid';

export interface StreamMessage {
  kind: string;
  data: string | Buffer;
  expect: Expect;
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

/** base64 of `n` random bytes: G.711 at the stream's rate, or L16 when n is even. */
const audio = (rng: Rng, n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(rng() * 256))).toString('base64');

const CONTENT_TYPES = [undefined, 'audio/PCMU', 'audio/PCMA', 'audio/x-l16'] as const;

function playAudio(rng: Rng, streamId: string): StreamMessage {
  const contentType = pick(rng, CONTENT_TYPES);
  const bytes = 2 * (1 + Math.floor(rng() * 200));
  // Any integer is a sampleRate the schema takes; the odd ones too (tiny audio: a low rate stretches it).
  const sampleRate = pick(rng, [undefined, undefined, 8000, 16000, 48000, 1, 2147483647]);
  const media: Record<string, unknown> = { payload: audio(rng, sampleRate === 1 ? 2 : bytes) };
  if (contentType) media.contentType = contentType;
  if (sampleRate !== undefined) media.sampleRate = sampleRate;
  const message: Record<string, unknown> = { event: 'playAudio', media };
  if (rng() < 0.3) message.streamId = streamId;
  // Compact (the fast path) or spaced out (the general path).
  const spaced = rng() < 0.3;
  return { kind: spaced ? 'playAudio spaced' : 'playAudio', data: JSON.stringify(message, null, spaced ? 1 : undefined), expect: 'play' };
}

function valid(rng: Rng, streamId: string): StreamMessage {
  const r = rng();
  if (r < 0.5) return playAudio(rng, streamId);
  if (r < 0.8) {
    const name = pick(rng, ODD_STRINGS.filter((s) => s.length > 0)) + String(Math.floor(rng() * 100));
    return { kind: 'checkpoint', data: JSON.stringify({ event: 'checkpoint', name }), expect: 'checkpoint' };
  }
  return { kind: 'clearAudio', data: JSON.stringify(rng() < 0.5 ? { event: 'clearAudio' } : { event: 'clearAudio', streamId }), expect: 'clear' };
}

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** Invalid messages, by kind; each must be noted as invalid and change nothing else. */
const INVALID: ReadonlyArray<[string, (rng: Rng) => string | Buffer]> = [
  ['not JSON', (rng) => pick(rng, ['{', '', '{"event":"playAudio"', 'undefined', '\u0000', '{"a":1}}', '\ud800'])],
  ['JSON not an object', (rng) => pick(rng, ['null', '1', '"playAudio"', 'true', '[]', '[{"event":"clearAudio"}]', '1e309'])],
  ['deep nesting', (rng) => nested(100 + Math.floor(rng() * 1800))],
  ['deep nesting in an object', (rng) => `{"event":"nope","x":${nested(100 + Math.floor(rng() * 1800))}}`],
  ['unknown event', (rng) => JSON.stringify({ event: pick(rng, ['nope', 'media', 'start', 'stop', 'PlayAudio', 'playaudio', '', null, 7, ...ODD_STRINGS.slice(0, 10)]) })],
  ['no event', () => JSON.stringify({ media: { payload: 'AAAA' } })],
  ['playAudio without media', () => JSON.stringify({ event: 'playAudio' })],
  ['playAudio media not an object', (rng) => JSON.stringify({ event: 'playAudio', media: pick(rng, ['AAAA', 1, null, [], true]) })],
  ['playAudio without payload', () => JSON.stringify({ event: 'playAudio', media: { contentType: 'audio/PCMU' } })],
  ['playAudio payload not a string', (rng) => JSON.stringify({ event: 'playAudio', media: { payload: pick(rng, [1, null, [], {}, true]) } })],
  ['playAudio bad contentType', (rng) => JSON.stringify({ event: 'playAudio', media: { payload: 'AAAA', contentType: pick(rng, ['audio/wav', '', 'audio/pcmu', 7]) } })],
  ['playAudio bad sampleRate', (rng) => JSON.stringify({ event: 'playAudio', media: { payload: 'AAAA', sampleRate: pick(rng, [8000.5, '8000', null, 1e400]) } })],
  ['playAudio bad base64', (rng) => JSON.stringify({ event: 'playAudio', media: { payload: pick(rng, ['A', 'AAAAA', '@@@@', 'AA=A', '😀😀', 'AAAA====', '\u0000AAA', ...ODD_STRINGS.slice(2, 9)]) } })],
  // Integers the schema takes, but no rate audio can have: resampling from them cannot work.
  ['playAudio sampleRate not positive', (rng) => JSON.stringify({ event: 'playAudio', media: { payload: 'AAAA', sampleRate: pick(rng, [0, -1, -8000]) } })],
  ['checkpoint without name', () => JSON.stringify({ event: 'checkpoint' })],
  ['checkpoint empty name', () => JSON.stringify({ event: 'checkpoint', name: '' })],
  ['checkpoint name not a string', (rng) => JSON.stringify({ event: 'checkpoint', name: pick(rng, [1, null, [], { a: 1 }, false]) })],
  ['streamId not a string', (rng) => JSON.stringify({ event: 'clearAudio', streamId: pick(rng, [1, null, [], {}]) })],
  ['binary frame', (rng) => Buffer.from(pick(rng, ['{"event":"clearAudio"}', '\u0000\u0001\u0002', 'AAAA']))],
];

export function streamMessageFor(rng: Rng, streamId: string): StreamMessage {
  if (rng() < 0.5) return valid(rng, streamId);
  const [kind, make] = pick(rng, INVALID);
  return { kind, data: make(rng), expect: 'invalid' };
}

export const INVALID_KINDS = INVALID.length;
