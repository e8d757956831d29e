// The mock's `ws` connector keeps what a stopped reader has not taken as strings, outside Node's
// socket (where each waiting frame would keep an 8 KiB pool block alive): bufferedAmount counts
// it, the socket holds at most one frame, and everything goes out in order once the reader reads,
// or before the close frame when the mock closes.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { wsConnector } from '../../src/http/ws-client.ts';
import type { StreamSocket } from '../../src/core/socket.ts';
import { until } from '../calls/peers.ts';

const MESSAGE = 'x'.repeat(1000);
const COUNT = 20_000; // 20 MB: past what the kernel's buffers take for a reader that has stopped

let wss: WebSocketServer | undefined;
afterEach(async () => {
  if (wss) await new Promise<void>((r) => { for (const c of wss!.clients) c.terminate(); wss!.close(() => r()); });
  wss = undefined;
});

/** The mock's socket and the server's end of it, paused (a reader stopped at a breakpoint). */
async function stoppedReader(): Promise<{ client: StreamSocket; server: WebSocket; received: string[] }> {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss!.once('listening', () => r()));
  const received: string[] = [];
  const connected = new Promise<WebSocket>((r) => wss!.once('connection', (socket) => {
    socket.on('message', (data) => received.push(String(data)));
    socket.pause();
    r(socket);
  }));
  const client = wsConnector(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`);
  await new Promise((r) => client.addEventListener('open', r));
  return { client, server: await connected, received };
}

const inNodeSocket = (socket: StreamSocket) => (socket as unknown as { _socket: { writableLength: number } })._socket.writableLength;

describe('the ws connector and a reader that stopped', () => {
  it('holds at most one frame in Node\'s socket, counts the rest in bufferedAmount, and delivers all in order once read', async () => {
    const { client, server, received } = await stoppedReader();
    for (let i = 0; i < COUNT; i++) client.send(`${i} ${MESSAGE}`);
    expect(inNodeSocket(client)).toBeLessThanOrEqual(MESSAGE.length + 20);
    expect(client.bufferedAmount).toBeGreaterThan(MESSAGE.length * 1000);

    server.resume();
    await until(() => received.length === COUNT, 'every message received');
    expect(received.every((m, i) => m === `${i} ${MESSAGE}`)).toBe(true);
    expect(client.bufferedAmount).toBe(0);
  }, 30_000);

  it('sends what waits before the close frame when the mock closes', async () => {
    const { client, server, received } = await stoppedReader();
    for (let i = 0; i < COUNT; i++) client.send(`${i} ${MESSAGE}`);
    const closed = new Promise<number>((r) => server.once('close', (code) => r(code)));
    client.close(1000, 'call ended');
    server.resume();
    expect(await closed).toBe(1000);
    expect(received).toHaveLength(COUNT);
    expect(received.at(-1)).toBe(`${COUNT - 1} ${MESSAGE}`);
  }, 30_000);
});
