// Authentication, rate limiting, the role matrix, the order of those checks, validation
// errors, 413 and the provider's 404 for unknown routes.
import { send } from '../support/client.ts';
import { contextOf } from '../../src/internal.ts';
import { describe, expect, it } from 'vitest';
import { client, clientsOf, expectError, useVoxifi, vx } from './helpers.ts';

const s = useVoxifi();
const limitedOrg = async (requests: number, per_seconds: number) => {
  const org = await s.mock.createOrg({ name: 'Limited', voxifi: { rate_limit: { requests, per_seconds } } });
  return { mock: s.mock, ...clientsOf(s.mock, org) };
};

describe('authentication', () => {
  it('401 without a key, with a malformed header, an unknown or an SFVoPI key', async () => {
    expectError(await vx(s.mock, 'GET', '/calls'), 401, 'unauthorized', 'Unauthorized');
    expectError(await vx(s.mock, 'GET', '/calls', { headers: { authorization: s.org.voxifi.api_keys.Owner! } }), 401, 'unauthorized', 'Unauthorized');
    expectError(await vx(s.mock, 'GET', '/calls', { key: 'vx_key_nope' }), 401, 'unauthorized', 'Unauthorized');
    expectError(await vx(s.mock, 'GET', '/calls', { key: s.org.sfvopi.api_key }), 401, 'unauthorized', 'Unauthorized');
  });

  it('401 with a revoked key, which worked before', async () => {
    const key = s.org.voxifi.api_keys.Member!;
    expect((await s.member.get('/agents')).status).toBe(200);
    expect((await send(s.mock, 'POST', '/__voicemock/api-keys/revoke', { body: { api_key: key } })).status).toBe(200);
    expectError(await s.member.get('/agents'), 401, 'unauthorized', 'Unauthorized');
  });

  it('accepts the scheme in any case', async () => {
    const r = await vx(s.mock, 'GET', '/agents', { headers: { authorization: `bearer ${s.org.voxifi.api_keys.Member}` } });
    expect(r.status).toBe(200);
  });

  it('every operation answers 401 without a key', async () => {
    const routes: Array<[string, string]> = [
      ['POST', '/calls'], ['GET', '/calls'], ['GET', '/calls/call_x'], ['POST', '/calls/call_x/cancel'],
      ['GET', '/agents'], ['POST', '/agents'], ['GET', '/agents/asst_x'], ['PATCH', '/agents/asst_x'], ['DELETE', '/agents/asst_x'],
      ['GET', '/phone-numbers'], ['POST', '/phone-numbers'], ['DELETE', '/phone-numbers/pn_x'], ['POST', '/phone-numbers/pn_x/assign'],
      ['GET', '/balance'], ['POST', '/balance/top-ups'], ['GET', '/transactions'],
      ['GET', '/webhooks'], ['POST', '/webhooks'], ['GET', '/webhooks/wh_x'], ['PATCH', '/webhooks/wh_x'], ['DELETE', '/webhooks/wh_x'],
      ['GET', '/webhooks/wh_x/deliveries'], ['GET', '/webhooks/wh_x/dead-letters'], ['POST', '/webhooks/wh_x/dead-letters/dlv_x/replay'],
      ['GET', '/campaigns'], ['POST', '/campaigns'], ['GET', '/campaigns/cmp_x'],
    ];
    for (const [method, path] of routes) {
      const r = await vx(s.mock, method, path, { body: method === 'POST' || method === 'PATCH' ? {} : undefined });
      expectError(r, 401, 'unauthorized', 'Unauthorized');
      expect(r.operationId, `${method} ${path}`).toMatch(/^vx/);
    }
  });
});

describe('roles (the documented permission matrix)', () => {
  const ownerOrAdmin: Array<[string, string, unknown?]> = [
    ['DELETE', '/agents/asst_x'],
    ['POST', '/phone-numbers', {}],
    ['DELETE', '/phone-numbers/pn_x'],
    ['POST', '/webhooks', { url: 'https://example.com/h', events: ['call.completed'] }],
    ['PATCH', '/webhooks/wh_x', { enabled: false }],
    ['DELETE', '/webhooks/wh_x'],
    ['POST', '/webhooks/wh_x/dead-letters/dlv_x/replay'],
  ];
  const ownerOnly: Array<[string, string, unknown?]> = [
    ['POST', '/balance/top-ups', { amount: 50 }],
    ['GET', '/transactions'],
  ];

  it.each(ownerOrAdmin)('Member gets 403 on %s %s', async (method, path, body) => {
    const r = await vx(s.mock, method, path, { key: s.org.voxifi.api_keys.Member!, body });
    expectError(r, 403, 'forbidden', 'Forbidden');
  });

  it.each(ownerOnly)('Member and Admin get 403 on %s %s', async (method, path, body) => {
    for (const role of ['Member', 'Admin']) {
      expectError(await vx(s.mock, method, path, { key: s.org.voxifi.api_keys[role]!, body }), 403, 'forbidden', 'Forbidden');
    }
    expect((await vx(s.mock, method, path, { key: s.org.voxifi.api_keys.Owner!, body })).status).toBe(200);
  });

  it('Admin passes the Owner/Admin checks (then meets the missing resource)', async () => {
    for (const [method, path, body] of ownerOrAdmin) {
      const r = await vx(s.mock, method, path, { key: s.org.voxifi.api_keys.Admin!, body });
      expect([200, 404], `${method} ${path}`).toContain(r.status);
    }
  });

  it('Members may call, view and edit agents, assign numbers and run campaigns', async () => {
    expect((await s.member.post('/agents', { name: 'x' })).status).toBe(200);
    expect((await s.member.patch(`/agents/${s.agentId}`, { name: 'y' })).status).toBe(200);
    expect((await s.member.post('/calls', { assistant_id: s.agentId, customer_number: '+15551234567' })).status).toBe(200);
    expect((await s.member.get('/balance')).status).toBe(200);
    expect((await s.member.get('/webhooks')).status).toBe(200);
    const pn = s.org.voxifi.numbers[0]!.id;
    expect((await s.member.post(`/phone-numbers/${pn}/assign`, { assistant_id: null })).status).toBe(200);
  });

  it('403 comes before validation', async () => {
    expectError(await s.member.post('/phone-numbers', { country: 'FR' }), 403, 'forbidden', 'Forbidden');
    expectError(await s.admin.get('/transactions?limit=0'), 403, 'forbidden', 'Forbidden');
  });
});

describe('rate limit', () => {
  it('429 with Retry-After past the limit, per key, and again after the window', async () => {
    const t = await limitedOrg(3, 60);
    for (let i = 0; i < 3; i++) expect((await t.member.get('/agents')).status).toBe(200);
    await t.mock.clock.advance(20_000);
    const limited = await t.member.get('/agents');
    expectError(limited, 429, 'rate_limited', 'Rate Limited');
    expect(limited.headers.get('retry-after')).toBe('40');
    // Another key of the same org has its own window.
    expect((await t.owner.get('/agents')).status).toBe(200);
    await t.mock.clock.advance(39_500);
    expect((await t.member.get('/agents')).headers.get('retry-after')).toBe('1');
    await t.mock.clock.advance(500);
    expect((await t.member.get('/agents')).status).toBe(200);
  });

  it('401 comes before 429, and 429 before 403', async () => {
    const t = await limitedOrg(1, 10);
    expect((await t.member.get('/agents')).status).toBe(200);
    expect((await vx(t.mock, 'GET', '/agents')).status).toBe(401);
    expectError(await t.member.get('/transactions'), 429, 'rate_limited', 'Rate Limited');
  });

  it('uses the configured default when the org sets none', async () => {
    expect(contextOf(s.mock).config.voxifiRateLimit.requests).toBeGreaterThan(10); // internal: the default in force has no view
    for (let i = 0; i < 10; i++) expect((await s.member.get('/balance')).status).toBe(200);
  });
});

describe('validation', () => {
  it('400 bad_request with details from the contract', async () => {
    const r = await s.member.post('/agents', { name: '', extra: 1 });
    expectError(r, 400, 'bad_request', 'Bad Request');
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['body', 'body.name']));
  });

  it('400 for a body that is not JSON, or missing', async () => {
    const raw = await vx(s.mock, 'POST', '/agents', { key: s.org.voxifi.api_keys.Member!, raw: '{oops' });
    expectError(raw, 400, 'bad_request', 'Bad Request');
    expect(raw.body.error.details).toEqual([{ path: 'body', message: 'is not valid JSON' }]);
    expectError(await s.member.post('/agents'), 400, 'bad_request', 'Bad Request');
  });

  it('400 for query parameters out of bounds', async () => {
    for (const q of ['limit=0', 'limit=101', 'limit=abc', 'status=done']) {
      const r = await s.member.get(`/calls?${q}`);
      expectError(r, 400, 'bad_request', 'Bad Request');
      expect(r.body.error.details[0].path).toMatch(/^query\./);
    }
  });

  it('413 payload_too_large over the body limit', async () => {
    const r = await s.member.post('/agents', { name: 'x'.repeat(1024 * 1024) });
    expectError(r, 413, 'payload_too_large', 'Payload Too Large');
  });
});

describe('unknown routes', () => {
  it('answer the Voxifi 404 envelope', async () => {
    const r = await vx(s.mock, 'GET', '/nothing-here', { key: s.org.voxifi.api_keys.Owner! });
    expect(r.operationId).toBeNull();
    expectError(r, 404, 'not_found', 'Not Found');
  });
});

describe('a key of another org', () => {
  it('sees nothing of this org', async () => {
    const other = await s.mock.createOrg({ name: 'Other' });
    const b = client(s.mock, other.voxifi.api_keys.Owner!);
    expect((await b.get('/agents')).body.data).toEqual([]);
    expectError(await b.get(`/agents/${s.agentId}`), 404, 'agent_not_found', 'Agent Not Found');
  });
});
