// Break 5: 60 s of POSTs stored 359,505 apps in one org (GET /apps then returned 112 MB), and
// deliveries held by the 10-a-minute limit had no cap. Every store a client grows has a limit;
// past it the provider's documented error names the limit.
import { describe, expect, it } from 'vitest';
import { createVoicemock } from '../../src/index.ts';
import { contextOf } from '../../src/internal.ts';
import { deliverVoxifiEvent } from '../../src/voxifi/delivery-engine.ts';
import { configureVoxifiDelivery } from '../../src/voxifi/delivery-engine.ts';
import type { VxDelivery } from '../../src/voxifi/model.ts';
import { send, sfvopiClient } from '../support/mock-client.ts';
import { addWebhook, ENDED, until } from '../webhooks/helpers.ts';

const app = { name: 'A', answer_url: 'https://example.com/answer' };

describe('records per organisation', () => {
  it('SFVoPI apps past maxRecordsPerOrg: 500 "Failed to create SFVoPI app: {error}" naming the limit; other orgs and deletes unaffected', async () => {
    const mock = await createVoicemock({ config: { maxRecordsPerOrg: 3 } });
    const api = sfvopiClient(mock, mock.demo!.sfvopi.api_key);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await api.post('/apps', app);
      expect(r.status).toBe(200);
      ids.push(r.body.data.app_id);
    }
    const refused = await api.post('/apps', app);
    expect(refused.status).toBe(500);
    expect(refused.body.message).toBe('Failed to create SFVoPI app: limit of 3 apps per organisation reached (voicemock maxRecordsPerOrg); delete some or raise the limit');
    expect((await api.get('/apps')).body.data).toHaveLength(3);
    const other = sfvopiClient(mock, (await mock.createOrg({ name: 'B' })).sfvopi.api_key);
    expect((await other.post('/apps', app)).status).toBe(200);
    expect((await api.delete(`/apps/${ids[0]}`)).status).toBe(200);
    expect((await api.post('/apps', app)).status).toBe(200);
  });

  it('Voxifi agents and webhooks past the limit: 500 Server Error in its envelope, the reason in details', async () => {
    const mock = await createVoicemock({ config: { maxRecordsPerOrg: 2 } });
    const owner = mock.demo!.voxifi.api_keys.Owner!;
    const post = (path: string, body: unknown) => send(mock, 'POST', `/voxifi/v1${path}`, { body, headers: { authorization: `Bearer ${owner}` } });
    expect((await post('/agents', { name: 'Second' })).status).toBe(200); // the demo org has one agent
    const agent = await post('/agents', { name: 'Third' });
    expect(agent.status).toBe(500);
    expect(agent.body).toEqual({ error: { code: 'server_error', message: 'Server Error', details: [{ path: '', message: expect.stringContaining('limit of 2 agents per organisation') }] } });
    const hook = { url: 'https://example.com/h', events: ['call.ended'] };
    expect((await post('/webhooks', hook)).status).toBe(200);
    expect((await post('/webhooks', hook)).status).toBe(200);
    expect((await post('/webhooks', hook)).status).toBe(500);
    // The ledger: top-ups up to twice the limit (calls add entries too).
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await post('/balance/top-ups', { amount: 10 })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 500]);
  });
});

describe('held deliveries', () => {
  it('past maxHeldDeliveries per endpoint, the newest go to the dead letter queue instead of piling up', async () => {
    const mock = await createVoicemock({ config: { maxHeldDeliveries: 2 } });
    const ctx = contextOf(mock); // internal: the delivery rate limit has no request that sets it
    const orgId = mock.demo!.org_id;
    configureVoxifiDelivery(ctx, { rateLimit: { attempts: 1, perSeconds: 60 } });
    await send(mock, 'PUT', '/__voicemock/receivers/slow', { body: {} });
    await addWebhook(mock, orgId, 'http://127.0.0.1:4010/__voicemock/receivers/slow/hook', { events: ['call.ended'] });
    const all: VxDelivery[] = [];
    for (let i = 0; i < 6; i++) all.push(...(await deliverVoxifiEvent(ctx, orgId, 'call.ended', { ...ENDED, duration_seconds: i })));
    await until(() => all[0]!.status === 'Delivered', 10_000, 'the first delivery');
    // One went out, two wait for the window, three were refused a place in the queue.
    expect(all.map((d) => d.status)).toEqual(['Delivered', 'Pending', 'Pending', 'Failed', 'Failed', 'Failed']);
    expect(all.slice(3).every((d) => d.dead_lettered && d.attempts.length === 0)).toBe(true);
  });
});
