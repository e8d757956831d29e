// Break 3: a text/plain POST from any web page (no CORS preflight) reset the mock, and any Host
// header was accepted (DNS rebinding). The control API now answers only its user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { startServer, type RunningServer } from '../../src/http/node-server.ts';
import { call, expectContract } from '../http/over-http.ts';
import { send } from '../support/mock-client.ts';

let mock: Voicemock;
let server: RunningServer;
beforeAll(async () => {
  mock = await createVoicemock();
  server = await startServer({ mock, port: 0 });
});
afterAll(() => server.close());

const orgCount = async () => ((await (await mock.fetch('http://127.0.0.1/__voicemock/orgs')).json()) as { data: unknown[] }).data.length;

describe('the control API refuses what a web page or a rebound name could send', () => {
  it('the CSRF request from the probe (text/plain, Origin http://evil.example) is refused and resets nothing', async () => {
    await mock.createOrg({ name: 'Mine' });
    const before = await orgCount();
    const r = await call(server.url, 'POST', '/__voicemock/reset', { raw: '{}', headers: { 'content-type': 'text/plain', origin: 'http://evil.example' } });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('cross_origin');
    expectContract(mock, 'reset', r, 'control');
    expect(await orgCount()).toBe(before);
  });

  it('a body not sent as application/json is refused with 415, even without an Origin', async () => {
    const before = await orgCount();
    const r = await call(server.url, 'POST', '/__voicemock/orgs', { raw: '{"name":"x"}', headers: { 'content-type': 'text/plain' } });
    expect(r.status).toBe(415);
    expect(r.body.error.code).toBe('unsupported_media_type');
    expectContract(mock, 'createOrg', r, 'control');
    expect(await orgCount()).toBe(before);
    // A form post is refused too.
    expect((await call(server.url, 'POST', '/__voicemock/orgs', { raw: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
  });

  it('Sec-Fetch-Site cross-site or same-site is refused; same-origin and none are served', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const r = await call(server.url, 'POST', '/__voicemock/clock/advance', { body: { ms: 1 }, headers: { 'sec-fetch-site': site } });
      expect(r.status, site).toBe(403);
    }
    for (const site of ['same-origin', 'none']) {
      expect((await call(server.url, 'GET', '/__voicemock/health', { headers: { 'sec-fetch-site': site } })).status, site).toBe(200);
    }
  });

  it("voicemock's own origin is served; a foreign Host name is refused (DNS rebinding)", async () => {
    expect((await call(server.url, 'GET', '/__voicemock/orgs', { headers: { origin: server.url } })).status).toBe(200);
    const port = server.port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `app.localhost:${port}`]) {
      expect((await call(server.url, 'GET', '/__voicemock/orgs', { headers: { host } })).status, host).toBe(200);
    }
    const r = await call(server.url, 'GET', '/__voicemock/orgs', { headers: { host: `evil.example:${port}` } });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('host_not_allowed');
    expectContract(mock, 'listOrgs', r, 'control');
  });

  it("a receiver's hook still takes webhooks from anywhere, in any content type", async () => {
    const r = await call(server.url, 'POST', '/__voicemock/receivers/open/hook', { raw: 'a=1', headers: { 'content-type': 'text/plain', origin: 'http://evil.example' } });
    expect(r.status).toBe(200);
  });

  it('the provider APIs are not affected', async () => {
    const r = await call(server.url, 'GET', '/superfone/sfvopi/apps', { headers: { 'x-api-key': mock.demo!.sfvopi.api_key, host: 'prod-api.superfone.co.in' } });
    expect(r.status).toBe(200);
  });
});

describe('allowances and the control token', () => {
  it('--allow-host and --allow-origin let named hosts and origins in', async () => {
    const m = await createVoicemock({ config: { allowedHosts: ['mock.internal'], allowedOrigins: ['http://ui.internal:3000'] } });
    const s = await startServer({ mock: m, port: 0 });
    try {
      expect((await call(s.url, 'GET', '/__voicemock/orgs', { headers: { host: 'mock.internal:80' } })).status).toBe(200);
      expect((await call(s.url, 'GET', '/__voicemock/orgs', { headers: { origin: 'http://ui.internal:3000', 'sec-fetch-site': 'cross-site' } })).status).toBe(200);
      expect((await call(s.url, 'GET', '/__voicemock/orgs', { headers: { origin: 'http://ui.internal:3001' } })).status).toBe(403);
    } finally {
      await s.close();
    }
  });

  it('with a control token, control requests without it get 401; with it, 200', async () => {
    const m = await createVoicemock({ config: { controlToken: 's3cret-token' } });
    const none = await send(m, 'POST', '/__voicemock/reset', { body: {} });
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthorized');
    expect((await send(m, 'POST', '/__voicemock/reset', { body: {}, headers: { authorization: 'Bearer wrong-token!' } })).status).toBe(401);
    expect((await send(m, 'POST', '/__voicemock/reset', { body: {}, headers: { authorization: 'Bearer s3cret-token' } })).status).toBe(200);
    expect((await send(m, 'GET', '/__voicemock/orgs', { headers: { 'voicemock-control-token': 's3cret-token' } })).status).toBe(200);
    // Hooks play the user's server: a webhook sender has no token.
    expect((await send(m, 'POST', '/__voicemock/receivers/x/hook', { body: {} })).status).toBe(200);
  });
});
