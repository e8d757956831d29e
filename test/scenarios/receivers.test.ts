// Built-in receivers: configured behaviour, recorded requests, signature checks, and the
// in-process loopback that lets voicemock's own webhooks reach them without a port.
import { describe, expect, it } from 'vitest';
import { createVoicemock } from '../../src/index.ts';
import { contextOf } from '../../src/internal.ts';
import { signWebhook } from '../../src/webhooks/signature.ts';
import { send } from '../support/mock-client.ts';

describe('receivers', () => {
  it('answer in turn, record what arrives, and check signatures', async () => {
    const mock = await createVoicemock();
    const setup = await send(mock, 'PUT', '/__voicemock/receivers/r1', { body: { statuses: [500, 200], body: { ok: true } } });
    expect(setup.body.url).toMatch(/^https?:\/\/[^/]+\/__voicemock\/receivers\/r1\/hook$/);
    expect((await send(mock, 'POST', '/__voicemock/receivers/r1/hook', { body: { n: 1 } })).status).toBe(500);
    const second = await send(mock, 'POST', '/__voicemock/receivers/r1/hook', { body: { n: 2 } });
    expect(second).toMatchObject({ status: 200, body: { ok: true } });
    expect((await send(mock, 'POST', '/__voicemock/receivers/r1/hook', { body: { n: 3 } })).status).toBe(200);
    const state = await send(mock, 'GET', '/__voicemock/receivers/r1');
    expect(state.body.received.map((r: { body: { n: number }; status: number }) => [r.body.n, r.status])).toEqual([[1, 500], [2, 200], [3, 200]]);

    await send(mock, 'PUT', '/__voicemock/receivers/signed', { body: { verify_secret: 'whsec_abc' } });
    const raw = '{"event_type":"call.ended"}';
    const timestamp = String(Math.floor(mock.clock.now() / 1000));
    const good = await send(mock, 'POST', '/__voicemock/receivers/signed/hook', { raw, headers: { 'x-webhook-timestamp': timestamp, 'x-webhook-signature': await signWebhook('whsec_abc', timestamp, raw) } });
    expect(good.status).toBe(200);
    const bad = await send(mock, 'POST', '/__voicemock/receivers/signed/hook', { raw, headers: { 'x-webhook-timestamp': timestamp, 'x-webhook-signature': await signWebhook('whsec_other', timestamp, raw) } });
    expect(bad.status).toBe(401);
    expect((await send(mock, 'GET', '/__voicemock/receivers/signed')).body.received.map((r: { signature: string }) => r.signature)).toEqual(['valid', 'invalid']);
    expect((await send(mock, 'GET', '/__voicemock/receivers/nobody')).status).toBe(404);
  });

  it("are reached by the mock's own webhooks in-process, on any host", async () => {
    const mock = await createVoicemock();
    await send(mock, 'PUT', '/__voicemock/receivers/r2', { body: {} });
    // internal: the mock's own outbound fetch (what its webhooks use) is what this test is about
    const response = await contextOf(mock).fetch('https://anything.example/__voicemock/receivers/r2/hook', { method: 'POST', body: '{"x":1}', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(200);
    expect((await send(mock, 'GET', '/__voicemock/receivers/r2')).body.received[0].body).toEqual({ x: 1 });
  });
});

describe('control API bad input', () => {
  it('answers an oversized or malformed control body with its documented error and keeps serving', async () => {
    const mock = await createVoicemock();
    const big = await send(mock, 'POST', '/__voicemock/orgs', { raw: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('too_large');
    const bad = await send(mock, 'POST', '/__voicemock/orgs', { raw: '{"name":' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.violations[0].location).toBe('body');
    expect((await send(mock, 'GET', '/__voicemock/health')).status).toBe(200);
  });
});
