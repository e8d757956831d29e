// Breaks 6 and 8: 3,000 half-open connections were never closed, 40 unfinished uploads held
// 213 MB, and Node's own rejections (duplicate Content-Length, a bad method, 16 KB+ headers)
// answered an empty 400/431 outside any provider's envelope.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { startServer, type RunningServer } from '../../src/http/node-server.ts';
import { rawExchange } from '../http/over-http.ts';

let mock: Voicemock;
beforeAll(async () => {
  mock = await createVoicemock();
});

/** The status line and JSON body of a raw HTTP answer. */
function parse(raw: string): { status: number; body: unknown } {
  const status = Number(raw.slice(9, 12));
  const at = raw.indexOf('\r\n\r\n');
  return { status, body: at === -1 || at + 4 === raw.length ? undefined : JSON.parse(raw.slice(at + 4)) };
}

/** Resolves when the server closes the socket (or after `withinMs`, with false). */
function closedBy(socket: Socket, withinMs: number): Promise<{ closed: boolean; data: string }> {
  return new Promise((resolve) => {
    let data = '';
    socket.on('data', (d) => (data += d.toString('latin1')));
    const timer = setTimeout(() => resolve({ closed: false, data }), withinMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, data });
    });
    socket.on('error', () => {});
  });
}

const open = (port: number) => new Promise<Socket>((resolve) => {
  const s = connect(port, '127.0.0.1', () => resolve(s));
});

describe("Node's own rejections answer in the provider's envelope", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ mock, port: 0 });
  });
  afterAll(() => server.close());

  it('a duplicate Content-Length on an SFVoPI path: 400 {"message"}', async () => {
    const raw = await rawExchange(server.port, 'POST /superfone/sfvopi/apps HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}');
    expect(parse(raw)).toEqual({ status: 400, body: { message: 'Bad Request' } });
  });

  it('a bad method on a Voxifi path: 400 {"error":{"code","message"}}', async () => {
    const raw = await rawExchange(server.port, 'FR@B /voxifi/v1/calls HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(parse(raw)).toEqual({ status: 400, body: { error: { code: 'bad_request', message: 'Bad Request' } } });
  });

  it('16 KB+ of headers on a control path: 431 in the control envelope', async () => {
    const raw = await rawExchange(server.port, `GET /__voicemock/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(parse(raw)).toEqual({ status: 431, body: { error: { code: 'headers_too_large', message: 'Request Header Fields Too Large' } } });
  });

  it('16 KB+ of headers on an SFVoPI path: 431 {"message"}; the server keeps answering', async () => {
    const raw = await rawExchange(server.port, `GET /superfone/sfvopi/apps HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(parse(raw)).toEqual({ status: 431, body: { message: 'Request Header Fields Too Large' } });
    const ok = await rawExchange(server.port, 'GET /__voicemock/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', { after: 'end' });
    expect(parse(ok).status).toBe(200);
  });
});

describe('connections cannot be held open', () => {
  it('a connection that never finishes its headers is closed (header timeout), with a 408', async () => {
    const server = await startServer({ mock, port: 0, connections: { headersTimeoutMs: 100, requestTimeoutMs: 200 } });
    try {
      const socket = await open(server.port);
      socket.write('GET /superfone/sfvopi/apps HTTP/1.1\r\nHost: x\r\n');
      // Generous: the assertion is that it closes at all, not how fast.
      const { closed, data } = await closedBy(socket, 10_000);
      expect(closed).toBe(true);
      expect(data).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      await server.close();
    }
  });

  it('an idle kept-alive connection is closed (idle timeout)', async () => {
    const server = await startServer({ mock, port: 0, connections: { idleTimeoutMs: 100 } });
    try {
      const socket = await open(server.port);
      socket.write('GET /__voicemock/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      const { closed, data } = await closedBy(socket, 10_000);
      expect(data).toMatch(/^HTTP\/1\.1 200 /);
      expect(closed).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('past maxConnections a new connection is dropped at once; those open are still served', async () => {
    const server = await startServer({ mock, port: 0, connections: { maxConnections: 3 } });
    const held: Socket[] = [];
    try {
      for (let i = 0; i < 3; i++) held.push(await open(server.port));
      // Wait until the server counts them (accept is asynchronous to the client's connect).
      for (let i = 0; i < 1000 && (await new Promise<number>((r) => server.server.getConnections((_e, n) => r(n)))) < 3; i++) await new Promise((r) => setTimeout(r, 5));
      const extra = await open(server.port);
      expect((await closedBy(extra, 10_000)).closed).toBe(true);
      const answer = closedBy(held[0]!, 10_000);
      held[0]!.end('GET /__voicemock/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      expect((await answer).data).toMatch(/^HTTP\/1\.1 200 /);
    } finally {
      for (const s of held) s.destroy();
      await server.close();
    }
  });

  it('unfinished uploads share a byte budget: past it a body is refused with the provider 413', async () => {
    const server = await startServer({ mock, port: 0, connections: { maxUploadBytes: 64 * 1024 } });
    try {
      const first = await open(server.port);
      first.write(`POST /superfone/sfvopi/apps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n${'a'.repeat(40_000)}`);
      while (server.uploadBytesHeld() < 40_000) await new Promise((r) => setTimeout(r, 5)); // the first upload is being held
      const second = await open(server.port);
      const answer = closedBy(second, 10_000);
      second.write(`POST /superfone/sfvopi/apps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n${'b'.repeat(40_000)}`);
      const { data } = await answer;
      expect(data).toMatch(/^HTTP\/1\.1 413 /);
      first.destroy();
    } finally {
      await server.close();
    }
  });
});
