// The media plane's per-stream bounds, as a buggy agent meets them, scaled down by small
// configured limits: a server that never reads (the mock buffers at most
// maxStreamBufferedBytes for it and drops the rest), a server that starts a huge message and
// never finishes it (maxStreamMessageBytes closes the stream at the header), and servers that
// flood clearAudio or garbage (maxStreamMessagesPerTick: the rest dropped unread), while
// /__voicemock/health and a well-behaved stream carry on. Assertions are about what the mock
// holds, answers and drops; none about how long anything took.
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { wsConnector } from '../../src/http/ws-client.ts';
import type { StreamSocket } from '../../src/core/socket.ts';
import { createWorld, startReceiver, until, type Receiver, type World } from '../calls/peers.ts';

const LIMITS = { maxStreamBufferedBytes: 32 * 1024, maxStreamMessageBytes: 64 * 1024, maxStreamMessagesPerTick: 5, maxStreamQueuedBytes: 256 * 1024 };

interface Agent {
  url: string;
  sockets: WebSocket[];
  close(): Promise<void>;
}

/** A media-stream server whose connections `behave` as told once the mock's `start` arrives. */
async function startAgent(behave: (socket: WebSocket) => void): Promise<Agent> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const sockets: WebSocket[] = [];
  wss.on('connection', (socket) => {
    sockets.push(socket);
    socket.once('message', () => behave(socket));
    socket.on('error', () => {});
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/media`,
    sockets,
    close: () => new Promise<void>((r) => { for (const c of wss.clients) c.terminate(); wss.close(() => r()); }),
  };
}

let recv: Receiver;
let world: World;
let agents: Agent[];
/** The mock's own client sockets, to see what it holds. */
let held: StreamSocket[];
/** Which agent answers the caller `from`. */
let agentFor: Map<string, Agent>;

beforeEach(async () => {
  recv = await startReceiver();
  agents = [];
  held = [];
  agentFor = new Map();
  recv.on('/answer', (req, res) => {
    const agent = agentFor.get(req.body.from)!;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ stream: { url: agent.url, bidirectional: true, codec: 'L16', sample_rate: 48000 } }));
  });
  world = await createWorld({ answer_url: recv.url('/answer') }, {
    config: LIMITS,
    connectWebSocket: (url, options) => {
      const socket = wsConnector(url, options);
      held.push(socket);
      return socket;
    },
  });
});
afterEach(async () => {
  await world.mock.reset();
  await recv.close();
  for (const a of agents) await a.close();
});

async function call(from: string, behave: (socket: WebSocket) => void): Promise<{ uuid: string; agent: Agent }> {
  const agent = await startAgent(behave);
  agents.push(agent);
  agentFor.set(from, agent);
  const r = await world.control('POST', '/sfvopi/calls/inbound', { to: world.number, from, hangup_after_seconds: null });
  expect(r.status).toBe(200);
  const uuid = r.body.call_uuid as string;
  await until(async () => (await world.call(uuid)).stream?.connected_at, 'stream open');
  await until(() => agent.sockets.length === 1, 'agent connected');
  return { uuid, agent };
}

/** One 20 ms frame of 48 kHz L16 on the wire: its JSON and the frame header. */
const ONE_FRAME = 2800;

/** What Node's socket under the mock's `ws` client holds unsent. */
const inNodeSocket = (socket: StreamSocket) => (socket as unknown as { _socket: { writableLength: number } })._socket.writableLength;

async function healthAnswers(): Promise<number> {
  return (await world.mock.fetch('http://127.0.0.1:4010/__voicemock/health')).status;
}

/** A well-behaved agent: counts media frames. */
function counting(): { frames: () => number; behave: (socket: WebSocket) => void } {
  let frames = 0;
  return {
    frames: () => frames,
    behave: (socket) => socket.on('message', (data) => { if (String(data).startsWith('{"event":"media"')) frames++; }),
  };
}

describe('a server that never reads', () => {
  it('gets at most maxStreamBufferedBytes buffered; later frames are dropped and counted, and flow again once it reads', async () => {
    const { uuid, agent } = await call('+919900000001', (socket) => (socket as unknown as { _socket: { pause(): void } })._socket.pause());
    // 120 s of 48 kHz L16 (about 2.7 kB a frame, 16 MB in all): far past the cap and what the
    // kernel's buffers take for a reader that has stopped.
    for (let i = 0; i < 12; i++) {
      await world.advance(10_000);
      for (const s of held) {
        expect(s.bufferedAmount).toBeLessThanOrEqual(LIMITS.maxStreamBufferedBytes);
        // Node's socket holds at most the one frame it is writing: each frame waiting there would
        // keep a whole 8 KiB block of Node's buffer pool alive; the rest wait in the connector.
        expect(inNodeSocket(s)).toBeLessThanOrEqual(ONE_FRAME);
      }
    }
    expect(held[0]!.bufferedAmount).toBeGreaterThan(ONE_FRAME);
    const stream = (await world.call(uuid)).stream;
    expect(stream.out_dropped).toBeGreaterThan(0);
    expect(stream.media_sent + stream.out_dropped).toBe(6000);
    const noted = (await world.call(uuid)).events.filter((e: { type: string }) => e.type === 'stream_not_reading');
    expect(noted).toHaveLength(1);
    expect(noted[0].detail.max_stream_buffered_bytes).toBe(LIMITS.maxStreamBufferedBytes);
    expect(await healthAnswers()).toBe(200);

    // It reads again: the backlog drains and new frames go out.
    (agent.sockets[0] as unknown as { _socket: { resume(): void } })._socket.resume();
    await until(() => held[0]!.bufferedAmount === 0, 'backlog drained');
    const sent = stream.media_sent;
    await world.advance(1000);
    expect((await world.call(uuid)).stream.media_sent).toBe(sent + 50);
  }, 60_000);
});

describe('a server that starts a huge message', () => {
  it('is closed at the header (1009), holding nothing, and the mock answers', async () => {
    const { uuid } = await call('+919900000002', (socket) => {
      // A text frame announcing 99 MiB, 64 KiB of it sent, never finished.
      const header = Buffer.alloc(10);
      header[0] = 0x81;
      header[1] = 127;
      header.writeBigUInt64BE(99n * 1024n * 1024n, 2);
      const raw = (socket as unknown as { _socket: { write(b: Buffer): void } })._socket;
      raw.write(header);
      raw.write(Buffer.alloc(64 * 1024, 0x61));
    });
    const ended = await until(async () => { const c = await world.call(uuid); return c.ended && c; }, 'call ended');
    expect(ended.stream.close_reason).toBe(`closed: the server sent a message over ${LIMITS.maxStreamMessageBytes} bytes (maxStreamMessageBytes)`);
    expect(ended.status).toBe('COMPLETED');
    expect(held[0]!.readyState).toBe(WebSocket.CLOSED);
    expect(await healthAnswers()).toBe(200);
  });
});

describe('a server that sends a whole message over the limit', () => {
  it('is closed the same way; a message under it plays', async () => {
    const { uuid } = await call('+919900000003', (socket) => {
      const payload = Buffer.alloc(48_000, 1).toString('base64'); // 64,000 base64 characters: under the limit with its JSON
      socket.send(JSON.stringify({ event: 'playAudio', media: { payload: payload.slice(0, 60_000) } }));
      socket.send(JSON.stringify({ event: 'playAudio', media: { payload: payload + payload } }));
    });
    const ended = await until(async () => { const c = await world.call(uuid); return c.ended && c; }, 'call ended');
    expect(ended.stream.play_received).toBe(1);
    expect(ended.stream.close_reason).toMatch(/over 65536 bytes \(maxStreamMessageBytes\)/);
  });
});

describe('a message over the limit on a connector without a limit of its own', () => {
  it('(the runtime\'s WebSocket) closes the stream the same way, keeping nothing of it', async () => {
    await world.mock.reset();
    world = await createWorld({ answer_url: recv.url('/answer') }, { config: LIMITS });
    const { uuid } = await call('+919900000004', (socket) => {
      socket.send(JSON.stringify({ event: 'playAudio', media: { payload: 'AAAA'.repeat(20_000) } }));
    });
    const ended = await until(async () => { const c = await world.call(uuid); return c.ended && c; }, 'call ended');
    expect(ended.stream.play_received).toBe(0);
    expect(ended.stream.close_reason).toMatch(/over 65536 bytes \(maxStreamMessageBytes\)/);
  });
});

describe('floods', () => {
  it('clearAudio and garbage from four streams: each handled up to the per-tick budget, its socket not read for the rest of the tick, while a good stream and health carry on', async () => {
    const BURST = 1000;
    const good = counting();
    const { uuid: goodUuid } = await call('+919900000010', good.behave);
    const flooders: string[] = [];
    for (const [i, message] of ['{"event":"clearAudio"}', '{"event":"clearAudio"}', '{not json', '{"event":"nope"}'].entries()) {
      const { uuid } = await call(`+91990000002${i}`, (socket) => { for (let n = 0; n < BURST; n++) socket.send(message); });
      flooders.push(uuid);
    }
    // The clock stands still: each flooder gets one budget handled; then the mock stops reading
    // its socket (what it had already read is dropped), so the rest waits at the sender.
    for (const uuid of flooders) await until(async () => (await world.call(uuid)).stream.in_dropped > 0, `burst of ${uuid} over budget`);
    expect(held.filter((s) => (s as unknown as WebSocket).isPaused)).toHaveLength(4);
    expect(await healthAnswers()).toBe(200);
    const kinds = async (uuid: string) => (await world.call(uuid)).events.map((e: { type: string }) => e.type);
    for (const [i, uuid] of flooders.entries()) {
      const types = await kinds(uuid);
      const handled = i < 2 ? 'clear_audio' : 'stream_message_invalid';
      expect(types.filter((t: string) => t === handled)).toHaveLength(LIMITS.maxStreamMessagesPerTick);
      expect(types.filter((t: string) => t === 'stream_messages_dropped')).toHaveLength(1);
    }
    // The good stream gets every frame of the next second (50 ticks); each tick refills the
    // budgets and the flooders are read again, never more than a budget a tick.
    const before = good.frames();
    await world.advance(1000);
    await until(() => good.frames() === before + 50, 'good stream frames');
    for (const uuid of flooders.slice(0, 2)) {
      // What TCP still held is read a budget a tick; how much that is depends on how the burst
      // was cut into segments, so only the bound is certain.
      const cleared = (await kinds(uuid)).filter((t: string) => t === 'clear_audio').length;
      expect(cleared).toBeLessThanOrEqual(LIMITS.maxStreamMessagesPerTick * 51);
      expect(cleared + (await world.call(uuid)).stream.in_dropped).toBeLessThanOrEqual(BURST);
    }
    expect((await world.call(goodUuid)).stream.in_dropped).toBe(0);
    expect(await healthAnswers()).toBe(200);
  });

  it('a budget refills every tick: a flood spread over ticks is handled budget by budget', async () => {
    let socket: WebSocket | null = null;
    const { uuid } = await call('+919900000030', (s) => { socket = s; });
    await until(() => socket, 'start received');
    for (let tick = 1; tick <= 3; tick++) {
      for (let n = 0; n < 8; n++) socket!.send('{"event":"checkpoint","name":"c"}');
      await until(async () => (await world.call(uuid)).stream.in_dropped === tick * 3, `tick ${tick}'s excess dropped`);
      await world.advance(20);
    }
    const types = (await world.call(uuid)).events.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => t === 'checkpoint')).toHaveLength(15);
    expect(types.filter((t: string) => t === 'stream_messages_dropped')).toHaveLength(3);
  });
});

describe('what waits to play', () => {
  /** `seconds` of 48 kHz L16 silence as one playAudio (1.28 s fits under maxStreamMessageBytes). */
  const playAudio = (ms: number) => JSON.stringify({ event: 'playAudio', media: { payload: Buffer.alloc(96 * ms).toString('base64'), contentType: 'audio/x-l16', sampleRate: 48000 } });

  it('a fast TTS: audio past maxStreamQueuedBytes is dropped, noted once, and the stream plays on', async () => {
    let socket: WebSocket | null = null;
    const { uuid } = await call('+919900000040', (s) => { socket = s; });
    await until(() => socket, 'start received');
    // 40 messages of 400 ms: 16 s, 1.5 MB decoded, six times the bound, faster than it plays.
    for (let i = 0; i < 40; i++) {
      socket!.send(playAudio(400));
      await until(async () => (await world.call(uuid)).stream.play_received + (await world.call(uuid)).events.filter((e: { type: string }) => e.type === 'play_ignored').length > 0, 'handled');
      if (i % 5 === 4) await world.advance(20); // a fresh message budget
    }
    await until(async () => (await world.call(uuid)).events.some((e: { type: string }) => e.type === 'play_ignored'), 'queue full noted');
    const stream = (await world.call(uuid)).stream;
    expect(stream.queued_bytes).toBeLessThanOrEqual(LIMITS.maxStreamQueuedBytes);
    expect(stream.queued_bytes).toBeGreaterThan(LIMITS.maxStreamQueuedBytes - 96 * 400);
    expect(stream.play_received).toBeLessThan(40);
    const noted = (await world.call(uuid)).events.filter((e: { type: string }) => e.type === 'play_ignored');
    expect(noted).toHaveLength(1);
    expect(noted[0].message).toBe(`playback queue full (maxStreamQueuedBytes ${LIMITS.maxStreamQueuedBytes}); audio and checkpoints dropped`);
    // It plays what it holds, then takes audio again.
    await world.advance(3000);
    expect((await world.call(uuid)).stream.queued_bytes).toBe(0);
    socket!.send(playAudio(100));
    await until(async () => (await world.call(uuid)).stream.queued_bytes > 0, 'audio queued again');
    expect(await healthAnswers()).toBe(200);
  }, 30_000);

  /** Sends `messages` a budget (maxStreamMessagesPerTick) a tick, waiting for each budget's checkpoint events. */
  async function checkpointsInTicks(socket: WebSocket, uuid: string, messages: string[]): Promise<void> {
    const marked = async () => (await world.call(uuid)).events.filter((e: { type: string }) => e.type === 'checkpoint').length;
    const start = await marked();
    for (let i = 0; i < messages.length; i += LIMITS.maxStreamMessagesPerTick) {
      const batch = messages.slice(i, i + LIMITS.maxStreamMessagesPerTick);
      for (const m of batch) socket.send(m);
      await until(async () => (await marked()) === start + i + batch.length, 'a budget of checkpoints handled');
      await world.advance(20);
    }
  }

  it('huge checkpoint names behind queued audio: held up to the bound, the rest dropped and never answered; events keep cut names', async () => {
    let socket: WebSocket | null = null;
    const replies: string[] = [];
    const { uuid } = await call('+919900000041', (s) => {
      socket = s;
      s.on('message', (data) => { const m = JSON.parse(String(data)); if (m.event === 'playedStream') replies.push(m.name); });
    });
    await until(() => socket, 'start received');
    socket!.send(playAudio(400));
    socket!.send(playAudio(400));
    await until(async () => (await world.call(uuid)).stream.play_received === 2, 'audio queued');
    await world.advance(20); // a fresh budget for the checkpoints
    const name = (i: number) => `${i}`.padEnd(60_000, 'n'); // under maxStreamMessageBytes with its JSON
    await checkpointsInTicks(socket!, uuid, Array.from({ length: 10 }, (_, i) => JSON.stringify({ event: 'checkpoint', name: name(i) })));
    const before = await world.call(uuid);
    expect(before.stream.queued_bytes).toBeLessThanOrEqual(LIMITS.maxStreamQueuedBytes);
    const marks = before.events.filter((e: { type: string }) => e.type === 'checkpoint');
    const kept = marks.filter((e: { detail: { dropped?: boolean } }) => !e.detail.dropped).length;
    expect(kept).toBe(3); // 76.8 kB of audio and three 60 kB names; a fourth would pass 256 KiB
    for (const e of marks) expect(e.detail.name).toHaveLength(257);

    await world.advance(1000);
    await until(() => replies.length === kept, 'waiting checkpoints answered');
    expect(replies).toEqual([name(0), name(1), name(2)]);
    const played = (await world.call(uuid)).events.filter((e: { type: string }) => e.type === 'played_stream');
    expect(played.map((e: { detail: { name: string } }) => e.detail.name)).toEqual([name(0), name(1), name(2)].map((n) => `${n.slice(0, 256)}…`));
    expect((await world.call(uuid)).stream.queued_bytes).toBe(0);
  }, 30_000);

  it('clearAudio with many checkpoints waiting names the first 20 and counts them all', async () => {
    let socket: WebSocket | null = null;
    const { uuid } = await call('+919900000042', (s) => { socket = s; });
    await until(() => socket, 'start received');
    socket!.send(playAudio(200));
    await until(async () => (await world.call(uuid)).stream.queued_bytes > 0, 'audio queued');
    await world.advance(20); // a fresh budget for the checkpoints
    // 30 checkpoints, a budget a tick: 140 ms pass, and the 200 ms ahead of them have not played.
    await checkpointsInTicks(socket!, uuid, Array.from({ length: 30 }, (_, i) => JSON.stringify({ event: 'checkpoint', name: `c${i}` })));
    socket!.send('{"event":"clearAudio"}');
    const cleared = await until(async () => (await world.call(uuid)).events.find((e: { type: string }) => e.type === 'clear_audio'), 'cleared');
    expect(cleared.detail.dropped_checkpoints).toEqual(Array.from({ length: 20 }, (_, i) => `c${i}`));
    expect(cleared.detail.dropped_checkpoints_total).toBe(30);
  });
});
