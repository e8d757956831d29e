// Break 12 of part two: TRACE /superfone/sfvopi/apps answered in the control envelope, a valid
// request pipelined before a malformed one lost its answer, and CONNECT closed with no reply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { startServer, type RunningServer } from '../../src/http/node-server.ts';
import { rawExchange } from '../http/over-http.ts';

/** Every status line and JSON body in a raw HTTP exchange, in order. */
function answers(raw: string): Array<{ status: number; body: unknown }> {
  const out: Array<{ status: number; body: unknown }> = [];
  let rest = raw;
  while (rest.startsWith('HTTP/1.1 ')) {
    const head = rest.indexOf('\r\n\r\n');
    const length = Number(/\r\ncontent-length: (\d+)/i.exec(rest.slice(0, head))?.[1] ?? 0);
    const text = rest.slice(head + 4, head + 4 + length);
    out.push({ status: Number(rest.slice(9, 12)), body: text ? JSON.parse(text) : undefined });
    rest = rest.slice(head + 4 + length);
  }
  return out;
}

let mock: Voicemock;
let server: RunningServer;
beforeAll(async () => {
  mock = await createVoicemock();
  server = await startServer({ mock, port: 0 });
});
afterAll(() => server.close());

const exchange = (bytes: string) => rawExchange(server.port, bytes).then(answers);

describe('every method on a provider path answers in that provider\'s envelope', () => {
  it('TRACE /superfone/sfvopi/apps: SFVoPI {"message"}', async () => {
    const [answer] = await exchange('TRACE /superfone/sfvopi/apps HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer).toEqual({ status: 405, body: { message: 'Method Not Allowed' } });
  });

  it("TRACK, which Node's parser refuses: 400 in SFVoPI's envelope", async () => {
    const [answer] = await exchange('TRACK /superfone/sfvopi/apps HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer).toEqual({ status: 400, body: { message: 'Bad Request' } });
  });

  it('TRACE /voxifi/v1/calls: Voxifi {"error"}', async () => {
    const [answer] = await exchange('TRACE /voxifi/v1/calls HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer).toEqual({ status: 405, body: { error: { code: 'method_not_allowed', message: 'Method Not Allowed' } } });
  });

  it('PURGE, an unknown method Fetch allows, is the provider\'s own 404', async () => {
    const [answer] = await exchange('PURGE /superfone/sfvopi/apps HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer).toEqual({ status: 404, body: { message: 'Not Found' } });
  });
});

describe('pipelining and CONNECT', () => {
  it('a valid request pipelined before a malformed one keeps its answer', async () => {
    const valid = 'GET /__voicemock/health HTTP/1.1\r\nHost: localhost\r\n\r\n';
    const malformed = 'POST /superfone/sfvopi/apps HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}';
    const got = await exchange(valid + malformed);
    expect(got.map((a) => a.status)).toEqual([200, 400]);
    expect(got[1]!.body).toEqual({ message: 'Bad Request' });
  });

  it('CONNECT gets a reply, then the connection closes', async () => {
    const got = await exchange('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    expect(got).toEqual([{ status: 405, body: { error: { code: 'method_not_allowed', message: 'Method Not Allowed' } } }]);
  });

  it('the server keeps answering', async () => {
    const [answer] = await exchange('GET /__voicemock/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(answer!.status).toBe(200);
  });
});
