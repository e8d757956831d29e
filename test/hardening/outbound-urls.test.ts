// Break 7: webhook and answer URLs could target link-local metadata addresses
// (169.254.169.254) and voicemock's own /__voicemock/*; a webhook pointed at
// /__voicemock/reset was really POSTed. Loopback stays allowed, and so do built-in receivers.
import { describe, expect, it } from 'vitest';
import { createVoicemock } from '../../src/index.ts';
import { contextOf } from '../../src/internal.ts';
import { refuseOutbound } from '../../src/webhooks/url-guard.ts';
import { deliverVoxifiEvent } from '../../src/voxifi/delivery-engine.ts';
import { send, sfvopiClient } from '../support/mock-client.ts';
import { ENDED, SECRET, until } from '../webhooks/helpers.ts';

const none = { allowedOutboundHosts: [] };

describe('outbound URL guard', () => {
  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://2852039166/', // 169.254.169.254 as one number
    'http://0xa9.0xfe.0xa9.0xfe/',
    'http://[fe80::1]/hook',
    'http://[::ffff:169.254.169.254]/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://METADATA.google.internal./x',
    'http://127.0.0.1:4010/__voicemock/reset',
    'http://localhost:4010//__voicemock/orgs',
    'http://localhost:4010/x/../__voicemock/reset',
    'http://localhost:4010/%5F%5Fvoicemock/reset',
  ])('refuses %s', (url) => {
    expect(refuseOutbound(url, none)).not.toBeNull();
  });

  it.each([
    'http://127.0.0.1:8080/answer',
    'http://localhost:4010/__voicemock/receivers/r1/hook',
    'http://10.0.0.5/hook',
    'https://example.com/webhook',
    'http://[::1]:9000/h',
  ])('allows %s', (url) => {
    expect(refuseOutbound(url, none)).toBeNull();
  });

  it('--allow-outbound lets a named host through', () => {
    expect(refuseOutbound('http://169.254.169.254/', { allowedOutboundHosts: ['169.254.169.254'] })).toBeNull();
    expect(refuseOutbound('http://127.0.0.1/__voicemock/reset', { allowedOutboundHosts: ['*'] })).toBeNull();
  });

  it('SFVoPI: an app or call with such a URL is an invalid body, the reason in voicemock-violations', async () => {
    const mock = await createVoicemock();
    const api = sfvopiClient(mock, mock.demo!.sfvopi.api_key);
    const r = await api.post('/apps', { name: 'x', answer_url: 'http://169.254.169.254/latest' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ message: 'Invalid request body' });
    expect(JSON.parse(r.headers.get('voicemock-violations')!)[0]).toMatchObject({ location: 'body.answer_url' });
    const ok = await api.post('/apps', { name: 'x', answer_url: 'http://127.0.0.1:8080/a' });
    expect((await api.put(`/apps/${ok.body.data.app_id}`, { hangup_url: 'http://127.0.0.1:4010/__voicemock/reset' })).status).toBe(400);
  });

  it('Voxifi: a webhook endpoint at /__voicemock/reset is refused with 400 Bad Request', async () => {
    const mock = await createVoicemock();
    const owner = mock.demo!.voxifi.api_keys.Owner!;
    const r = await send(mock, 'POST', '/voxifi/v1/webhooks', { body: { url: 'http://127.0.0.1:4010/__voicemock/reset', events: ['call.ended'] }, headers: { authorization: `Bearer ${owner}` } });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'bad_request', message: 'Bad Request', details: [{ path: 'url' }] });
  });

  it('a stored endpoint that points at the control API is never POSTed: the attempt fails as a connection failure', async () => {
    const calls: string[] = [];
    const mock = await createVoicemock({ fetch: (async (input: string | URL | Request) => { calls.push(String(input)); return new Response('{}'); }) as typeof fetch });
    const orgId = mock.demo!.org_id;
    // The API refuses this URL (the test above), so the endpoint is written straight into the
    // store, as one saved before the guard existed would be.
    const ctx = contextOf(mock); // internal: see above, no request can store this endpoint
    await ctx.store.vxWebhooks.insert({
      id: 'wh_stored', orgId, url: 'http://127.0.0.1:4010/__voicemock/reset', events: ['call.ended'], enabled: true, secret: SECRET,
      created_at: new Date(mock.clock.now()).toISOString(), last_success_at: null, consecutive_failures: 0, total_failures: 0,
    });
    const [d] = await deliverVoxifiEvent(ctx, orgId, 'call.ended', ENDED);
    await until(() => d!.attempts.length > 0, 10_000, 'the first attempt');
    expect(d!.attempts[0]!.error).toMatch(/control API is not a webhook target/);
    expect(calls).toEqual([]);
  });
});
