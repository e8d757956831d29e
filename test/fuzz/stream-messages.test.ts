// What a user's agent sends on SFVoPI media streams, fuzzed: seeded valid and invalid messages,
// floods past maxStreamMessagesPerTick, binary frames and messages over maxStreamMessageBytes,
// from a handful of streams at once, beside a well-behaved stream. The clock stands still while
// a round's messages arrive (all within one tick), so what the mock must make of each is known:
// the first maxStreamMessagesPerTick of a round are handled (played, marked, cleared, or noted
// invalid), the rest dropped and counted. Asserted: exactly that, the well-behaved stream's
// frames, health, and what the mock holds; nothing about time. A failure is reproduced by its
// seed. VOICEMOCK_FUZZ_ROUNDS runs longer.
import { expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { wsConnector } from '../../src/http/ws-client.ts';
import type { StreamSocket } from '../../src/core/socket.ts';
import { contextOf } from '../../src/internal.ts';
import { callObservers } from '../../src/sfvopi/engine/observer.ts';
import { MAX_EVENTS, MAX_QUEUED_SECONDS } from '../../src/sfvopi/engine/limits.ts';
import { createWorld, until, useCallPeers, type Peer } from '../calls/peers.ts';
import { rngOf } from './generator.ts';
import { streamMessageFor, type Expect } from './stream-message-generator.ts';

const LIMITS = { maxStreamBufferedBytes: 32 * 1024, maxStreamMessageBytes: 4096, maxStreamMessagesPerTick: 8 };
const SEED = 20261202;
const STREAMS = 4;
const ROUNDS = Number(process.env.VOICEMOCK_FUZZ_ROUNDS ?? 40);
const MAX_INVALID_EVENTS = 20; // client-messages.ts notes this many invalid messages per stream as events

const peers = useCallPeers();

interface Tally {
  sent: number;
  arrived: number;
  invalid: number;
  dropped: number;
  expected: Record<Expect, number>;
  kinds: Set<string>;
}

it('fuzzed stream messages are handled or noted, within the budget, while a good stream and health carry on', async () => {
  const held: StreamSocket[] = [];
  peers.recv.on('/answer', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ stream: { url: peers.streams.url, bidirectional: true, codec: 'PCMU', sample_rate: 8000 } }));
  });
  const world = await createWorld({ answer_url: peers.recv.url('/answer') }, {
    config: LIMITS,
    connectWebSocket: (url, options) => {
      // Without pause/resume, so every message of a flood is read within its tick and the
      // accounting below is exact; test/streams/bounds.test.ts covers the pausing.
      const socket = Object.assign(wsConnector(url, options), { pause: undefined, resume: undefined });
      held.push(socket);
      return socket;
    },
  });
  peers.world = world;

  // What the engine records, per call: every message as it arrives, every one noted invalid,
  // and every call event (those past the log's cap included).
  const tallies = new Map<string, Tally>();
  const eventCounts = new Map<string, Map<string, number>>();
  const tally = (uuid: string) => {
    if (!tallies.has(uuid)) tallies.set(uuid, { sent: 0, arrived: 0, invalid: 0, dropped: 0, expected: { play: 0, checkpoint: 0, clear: 0, invalid: 0 }, kinds: new Set() });
    return tallies.get(uuid)!;
  };
  callObservers(contextOf(world.mock)).add({
    streamMessage: (call) => void tally(call.call_uuid).arrived++,
    streamEvent: (call, kind) => { if (kind === 'invalid') tally(call.call_uuid).invalid++; },
  });
  world.mock.on('sfvopi.call-event', ({ call_uuid, event }) => {
    const counts = eventCounts.get(call_uuid) ?? new Map<string, number>();
    counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
    eventCounts.set(call_uuid, counts);
  });
  const eventCount = (uuid: string, type: string) => eventCounts.get(uuid)?.get(type) ?? 0;

  // STREAMS fuzzed streams and one well-behaved one (the last), each its own call.
  const open = async (i: number): Promise<{ uuid: string; peer: Peer }> => {
    const r = await world.control('POST', '/sfvopi/calls/inbound', { to: world.number, from: `+9199000001${String(i).padStart(2, '0')}`, hangup_after_seconds: null });
    expect(r.status).toBe(200);
    const uuid = r.body.call_uuid as string;
    const peer = await until(() => peers.streams.peers.find((p) => p.messages[0]?.callId === uuid), `stream ${i} started`);
    return { uuid, peer };
  };
  const streams: Array<{ uuid: string; peer: Peer; streamId: string }> = [];
  for (let i = 0; i <= STREAMS; i++) {
    const { uuid, peer } = await open(i);
    streams.push({ uuid, peer, streamId: peer.messages[0].streamId });
  }
  const fuzzed = streams.slice(0, STREAMS);
  const good = streams[STREAMS]!;
  const mediaOf = (peer: Peer) => peer.messages.filter((m) => m?.event === 'media').length;

  const rng = rngOf(SEED);
  const budget = LIMITS.maxStreamMessagesPerTick;
  for (let round = 0; round < ROUNDS; round++) {
    // Each stream sends a batch: usually within the budget, sometimes a flood past it.
    for (const { uuid, peer, streamId } of fuzzed) {
      const t = tally(uuid);
      const size = rng() < 0.2 ? budget + 1 + Math.floor(rng() * 5 * budget) : Math.floor(rng() * (budget + 1));
      for (let n = 0; n < size; n++) {
        const message = streamMessageFor(rng, streamId);
        t.kinds.add(message.kind);
        if (n < budget) t.expected[message.expect]++;
        else t.dropped++;
        t.sent++;
        peer.socket.send(message.data);
      }
    }
    await until(() => fuzzed.every(({ uuid }) => tally(uuid).arrived === tally(uuid).sent), `round ${round} arrived`);
    await world.advance(20); // the next tick: every budget refills, one frame goes out per stream
  }

  // Every message was handled or dropped as the budget says, and each invalid one noted.
  const kinds = new Set<string>();
  for (const { uuid } of fuzzed) {
    const t = tally(uuid);
    for (const k of t.kinds) kinds.add(k);
    const call = await world.call(uuid);
    const label = `call ${uuid} (seed ${SEED})`;
    expect(call.ended, label).toBeFalsy();
    expect(call.stream.in_dropped, label).toBe(t.dropped);
    expect(t.invalid, label).toBe(t.expected.invalid);
    expect(eventCount(uuid, 'stream_message_invalid'), label).toBe(Math.min(t.expected.invalid, MAX_INVALID_EVENTS));
    expect(call.stream.play_received, label).toBe(t.expected.play);
    expect(eventCount(uuid, 'checkpoint'), label).toBe(t.expected.checkpoint);
    expect(eventCount(uuid, 'clear_audio'), label).toBe(t.expected.clear);
    // What the mock holds for the call stays bounded.
    expect(call.events.length, label).toBeLessThanOrEqual(MAX_EVENTS + 20);
    expect(call.events.length + call.events_dropped, label).toBe([...eventCounts.get(uuid)!.values()].reduce((a, b) => a + b, 0));
    expect(call.stream.queued_ms, label).toBeLessThanOrEqual(MAX_QUEUED_SECONDS * 1000);
  }
  expect(kinds.size).toBeGreaterThanOrEqual(15);
  for (const s of held) expect(s.bufferedAmount).toBeLessThanOrEqual(LIMITS.maxStreamBufferedBytes);

  // The well-behaved stream got every frame of every tick, and nothing of it was dropped.
  const goodCall = await world.call(good.uuid);
  expect(goodCall.stream.media_sent).toBeGreaterThanOrEqual(ROUNDS);
  expect(goodCall.stream.out_dropped).toBe(0);
  expect(goodCall.stream.in_dropped).toBe(0);
  await until(() => mediaOf(good.peer) === goodCall.stream.media_sent, 'good stream frames');
  expect((await world.mock.fetch('http://127.0.0.1:4010/__voicemock/health')).status).toBe(200);

  // Over maxStreamMessageBytes, text or binary: that stream is closed; the others carry on.
  const [textBomb, binaryBomb] = fuzzed;
  textBomb!.peer.socket.send(JSON.stringify({ event: 'playAudio', media: { payload: 'A'.repeat(LIMITS.maxStreamMessageBytes) } }));
  binaryBomb!.peer.socket.send(Buffer.alloc(LIMITS.maxStreamMessageBytes + 1));
  for (const { uuid } of [textBomb!, binaryBomb!]) {
    const ended = await until(async () => { const c = await world.call(uuid); return c.ended && c; }, `${uuid} closed`);
    expect(ended.stream.close_reason).toBe(`closed: the server sent a message over ${LIMITS.maxStreamMessageBytes} bytes (maxStreamMessageBytes)`);
  }
  for (const s of held.slice(0, 2)) expect(s.readyState).toBe(WebSocket.CLOSED);
  const before = mediaOf(good.peer);
  await world.advance(1000);
  await until(() => mediaOf(good.peer) === before + 50, 'good stream frames after the closes');
  for (const { uuid } of fuzzed.slice(2)) expect((await world.call(uuid)).ended).toBeFalsy();

  // A small message at a tiny sampleRate would stretch past the playback queue's bound: it is
  // refused by its length, before any of it is resampled.
  const stretcher = fuzzed[2]!;
  const received = (await world.call(stretcher.uuid)).stream.play_received;
  const ignored = eventCount(stretcher.uuid, 'play_ignored');
  stretcher.peer.socket.send(JSON.stringify({ event: 'playAudio', media: { payload: Buffer.alloc(3000).toString('base64'), sampleRate: 1 } }));
  await until(() => tally(stretcher.uuid).arrived === tally(stretcher.uuid).sent + 1, 'stretched audio arrived'); // handled as it arrives
  expect(eventCount(stretcher.uuid, 'play_ignored')).toBe(ignored + 1);
  const stretched = await world.call(stretcher.uuid);
  expect(stretched.stream.play_received).toBe(received);
  expect(stretched.stream.queued_ms).toBeLessThanOrEqual(MAX_QUEUED_SECONDS * 1000);
  expect((await world.mock.fetch('http://127.0.0.1:4010/__voicemock/health')).status).toBe(200);
}, 60_000);
