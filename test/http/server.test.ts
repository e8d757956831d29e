// The node:http adapter in-process: real sockets, real keep-alive, the whole mock behind it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { startServer, type RunningServer } from '../../src/http/node-server.ts';
import { agent, call, expectContract, rawExchange } from './over-http.ts';

let mock: Voicemock;
let server: RunningServer;
let key: string;
const sfv = (method: string, path: string, body?: unknown, raw?: string) =>
  call(server.url, method, `/superfone/sfvopi${path}`, { headers: { 'x-api-key': key }, body, raw });
const newApp = { name: 'Sales line', answer_url: 'https://example.com/answer' };

beforeAll(async () => {
  mock = await createVoicemock();
  server = await startServer({ mock, port: 0 });
  key = mock.demo!.sfvopi.api_key;
});
afterAll(async () => {
  agent.destroy();
  await server.close();
});

describe('voicemock over HTTP', () => {
  it('listens on the port it reports', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('answers health with the version header, keeping the connection alive', async () => {
    const r = await call(server.url, 'GET', '/__voicemock/health');
    expect(r.status).toBe(200);
    expect(r.headers['voicemock-version']).toBe(r.body.version);
    expect(r.headers.connection).toBe('keep-alive');
    expectContract(mock, 'health', r, 'control');
  });

  it('runs the SFVoPI flow: create, read back, link, 409 on a second app, unlink, delete', async () => {
    const number = mock.demo!.sfvopi.numbers[0]!;
    const created = await sfv('POST', '/apps', newApp);
    expect(created.status).toBe(200);
    expectContract(mock, 'createApp', created);
    const app = created.body.data;

    const read = await sfv('GET', `/apps/${app.app_id}`);
    expect(read.body.data).toEqual(app);
    expectContract(mock, 'getApp', read);

    const linked = await sfv('POST', `/apps/${app.app_id}/numbers`, { voip_number: number });
    expect(linked.status).toBe(200);
    expect(linked.body.data).toMatchObject({ app_id: app.app_id, voip_number: number, status: 'ACTIVE' });
    expectContract(mock, 'linkNumber', linked);

    const other = (await sfv('POST', '/apps', { ...newApp, name: 'Support line' })).body.data;
    const conflict = await sfv('POST', `/apps/${other.app_id}/numbers`, { voip_number: number });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({ message: 'VoIP number is already linked to another SFVoPI app' });
    expectContract(mock, 'linkNumber', conflict);

    const unlinked = await sfv('DELETE', `/apps/${app.app_id}/numbers/${encodeURIComponent(number)}`);
    expect(unlinked.status).toBe(200);
    expect(unlinked.body).toEqual({ data: { deleted: true }, message: 'success' });
    expectContract(mock, 'unlinkNumber', unlinked);

    const deleted = await sfv('DELETE', `/apps/${app.app_id}`);
    expect(deleted.status).toBe(200);
    expectContract(mock, 'deleteApp', deleted);
    const gone = await sfv('GET', `/apps/${app.app_id}`);
    expect(gone.status).toBe(404);
    expectContract(mock, 'getApp', gone);
  });

  it('unlinks with the number as %2B… and as a raw +', async () => {
    const number = mock.demo!.sfvopi.numbers[1]!;
    const app = (await sfv('POST', '/apps', newApp)).body.data;
    for (const spelled of [number.replace('+', '%2B'), number]) {
      expect((await sfv('POST', `/apps/${app.app_id}/numbers`, { voip_number: number })).status).toBe(200);
      const r = await sfv('DELETE', `/apps/${app.app_id}/numbers/${spelled}`);
      expect(r.status, spelled).toBe(200);
      expectContract(mock, 'unlinkNumber', r);
      const again = await sfv('DELETE', `/apps/${app.app_id}/numbers/${spelled}`);
      expect(again.body).toEqual({ message: 'Number not linked to this app' });
      expectContract(mock, 'unlinkNumber', again);
    }
  });

  it('answers an unknown SFVoPI route in the SFVoPI envelope', async () => {
    const r = await sfv('GET', '/no-such-thing');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ message: expect.any(String) });
    expect(r.headers['voicemock-version']).toBeTruthy();
  });

  it('answers a path no provider owns with its own 404', async () => {
    for (const path of ['/', '/nothing/here', '/superfonex']) {
      const r = await call(server.url, 'POST', path, { body: {} });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ error: { code: 'not_found', message: 'No such route' } });
      expect(r.headers['voicemock-version']).toBeTruthy();
    }
  });

  it('answers malformed JSON with the SFVoPI 400', async () => {
    const r = await sfv('POST', '/apps', undefined, '{"name": "broken"');
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ message: 'Invalid request body' });
    expectContract(mock, 'createApp', r);
  });

  it('answers a 2 MiB body with 413, then keeps serving', async () => {
    const big = JSON.stringify({ ...newApp, name: 'x'.repeat(2 * 1024 * 1024) });
    const r = await sfv('POST', '/apps', undefined, big);
    expect(r.status).toBe(413);
    expectContract(mock, 'createApp', r);
    expect((await call(server.url, 'GET', '/__voicemock/health')).status).toBe(200);
  });

  it('refuses a body announced above the transport cap without reading it', async () => {
    const head = `POST /superfone/sfvopi/apps HTTP/1.1\r\nHost: x\r\nX-API-Key: ${key}\r\nContent-Type: application/json\r\nContent-Length: ${20 * 1024 * 1024}\r\n\r\n{"name":`;
    const out = await rawExchange(server.port, head);
    expect(out).toMatch(/^HTTP\/1\.1 413 /);
    expect(out.toLowerCase()).toContain('connection: close');
    expect((await call(server.url, 'GET', '/__voicemock/health')).status).toBe(200);
  });

  it('survives a client that aborts in the middle of a body', async () => {
    const appCount = async () => (await sfv('GET', '/apps')).body.data.length;
    const before = await appCount();
    const head = `POST /superfone/sfvopi/apps HTTP/1.1\r\nHost: x\r\nX-API-Key: ${key}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"name":"half`;
    for (const after of ['end', 'reset'] as const) {
      const out = await rawExchange(server.port, head, { after, quietMs: 200 });
      expect(out).not.toMatch(/HTTP\/1\.1 [25]/);
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(await appCount()).toBe(before);
    expect((await call(server.url, 'GET', '/__voicemock/health')).status).toBe(200);
  });

  it('answers an absolute-form request target on its own origin and ignores a // host trick', async () => {
    const absolute = await rawExchange(server.port, 'GET http://example.com/__voicemock/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(absolute).toMatch(/^HTTP\/1\.1 200 /);
    const slashes = await rawExchange(server.port, 'GET //evil.example/__voicemock/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(slashes).toMatch(/^HTTP\/1\.1 404 /);
  });

  it('answers a request with an unusable target or method with 400 and keeps serving', async () => {
    const star = await rawExchange(server.port, 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(star).toMatch(/^HTTP\/1\.1 400 /);
    const trace = await rawExchange(server.port, 'TRACE /__voicemock/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(trace).toMatch(/^HTTP\/1\.1 405 /); // a method Fetch cannot carry (test/hardening/envelopes.test.ts)
    expect((await call(server.url, 'GET', '/__voicemock/health')).status).toBe(200);
  });

  it('handles concurrent requests', async () => {
    const before = (await sfv('GET', '/apps')).body.data.length;
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => sfv('POST', '/apps', { ...newApp, name: `app ${i}` })));
    expect(results.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(new Set(results.map((r) => r.body.data.app_id)).size).toBe(100);
    const list = await sfv('GET', '/apps');
    expect(list.body.data.length).toBe(before + 100);
    expectContract(mock, 'listApps', list);
  });
});

describe('the adapter with its own handlers', () => {
  const handlers = [
    http.get('*/boom', () => {
      throw new Error('kaboom');
    }),
    http.get('*/cookies', () =>
      new HttpResponse('{}', { headers: [['content-type', 'application/json'], ['set-cookie', 'a=1; Path=/'], ['set-cookie', 'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT']] }),
    ),
    http.post('*/echo', async ({ request }) => HttpResponse.json({ length: (await request.arrayBuffer()).byteLength })),
  ];
  let own: RunningServer;
  beforeAll(async () => {
    own = await startServer({ mock, handlers, port: 0 });
  });
  afterAll(() => own.close());

  it('turns an error inside a handler into a 500 and keeps serving', async () => {
    const r = await call(own.url, 'GET', '/boom');
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ error: { code: 'internal', message: 'kaboom' } });
    expect((await call(own.url, 'POST', '/echo', { raw: 'abc' })).body).toEqual({ length: 3 });
  });

  it('writes every Set-Cookie header separately', async () => {
    const r = await call(own.url, 'GET', '/cookies');
    expect(r.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT']);
  });

  it('passes a chunked body through', async () => {
    const out = await rawExchange(own.port, 'POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n');
    expect(out).toMatch(/^HTTP\/1\.1 200 /);
    expect(out).toContain('{"length":5}');
  });
});

describe('closing', () => {
  it('closes promptly with an idle keep-alive connection open', async () => {
    const m = await createVoicemock();
    const s = await startServer({ mock: m, port: 0 });
    expect((await call(s.url, 'GET', '/__voicemock/health')).status).toBe(200); // leaves a pooled socket
    // An idle socket kept for a minute would hold a plain server.close() open past the test's timeout.
    s.server.keepAliveTimeout = 60_000;
    await s.close();
    expect(s.server.listening).toBe(false);
    await expect(call(s.url, 'GET', '/__voicemock/health')).rejects.toThrow();
  });
});
