import { beforeEach, describe, expect, it } from 'vitest';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { send, sfvopiClient } from '../support/mock-client.ts';

let mock: Voicemock;
let api: ReturnType<typeof sfvopiClient>;
beforeEach(async () => {
  mock = await createVoicemock();
  api = sfvopiClient(mock, mock.demo!.sfvopi.api_key);
});

const newApp = { name: 'Sales line', answer_url: 'https://example.com/answer' };

describe('SFVoPI apps', () => {
  it('creates an app with the documented defaults', async () => {
    const r = await api.post('/apps', newApp);
    expect(r.status).toBe(200);
    expect(r.body.message).toBe('success');
    expect(r.body.data).toMatchObject({
      org_id: mock.demo!.org_id,
      name: 'Sales line',
      answer_method: 'POST',
      hangup_url: null,
      hangup_method: 'POST',
      fallback_answer_url: null,
      fallback_answer_method: 'POST',
      status: 'ACTIVE',
      updated_at: null,
    });
    expect(r.body.data.app_id).toMatch(/^sfv_app_[a-z0-9]{12}$/);
    expect(Object.keys(r.body.data)).toEqual([
      'app_id', 'org_id', 'name', 'answer_url', 'answer_method', 'hangup_url', 'hangup_method',
      'fallback_answer_url', 'fallback_answer_method', 'status', 'created_by', 'created_at', 'updated_at',
    ]);
  });

  it('reads back what it created, lists newest first', async () => {
    const a = (await api.post('/apps', { ...newApp, name: 'first' })).body.data;
    await mock.clock.advance(1000);
    const b = (await api.post('/apps', { ...newApp, name: 'second' })).body.data;
    expect((await api.get(`/apps/${a.app_id}`)).body.data).toEqual(a);
    expect((await api.get('/apps')).body.data.map((x: { name: string }) => x.name)).toEqual(['second', 'first']);
    expect(b.created_at > a.created_at).toBe(true);
  });

  it('updates partially and sets updated_at; null removes an optional URL', async () => {
    const app = (await api.post('/apps', { ...newApp, hangup_url: 'https://example.com/h' })).body.data;
    await mock.clock.advance(5000);
    const r = await api.put(`/apps/${app.app_id}`, { status: 'INACTIVE', hangup_url: null });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ name: 'Sales line', status: 'INACTIVE', hangup_url: null });
    expect(r.body.data.updated_at).toBe('2026-01-01T09:00:05.000Z');
    expect((await api.get(`/apps/${app.app_id}`)).body.data.status).toBe('INACTIVE');
  });

  it('deletes, then answers 404 for the app', async () => {
    const app = (await api.post('/apps', newApp)).body.data;
    expect((await api.delete(`/apps/${app.app_id}`)).body).toEqual({ data: { deleted: true }, message: 'success' });
    for (const r of [await api.get(`/apps/${app.app_id}`), await api.delete(`/apps/${app.app_id}`), await api.put(`/apps/${app.app_id}`, { name: 'x' })]) {
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ message: 'SFVoPI app not found' });
    }
  });

  it.each([
    ['missing answer_url', { name: 'x' }],
    ['empty name', { name: '', answer_url: 'https://e.com' }],
    ['name over 100 characters', { name: 'x'.repeat(101), answer_url: 'https://e.com' }],
    ['invalid URL', { name: 'x', answer_url: 'not a url' }],
    ['bad method', { name: 'x', answer_url: 'https://e.com', answer_method: 'PATCH' }],
    ['unknown field', { name: 'x', answer_url: 'https://e.com', ring_url: 'https://e.com' }],
    ['not an object', ['x']],
  ])('rejects %s with 400 Invalid request body and lists the violation', async (_name, body) => {
    const r = await api.post('/apps', body);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ message: 'Invalid request body' });
    expect(JSON.parse(r.headers.get('voicemock-violations')!).length).toBeGreaterThan(0);
    expect(mock.journal.list({ violations: true, limit: 1 })[0]?.operation_id).toBe('createApp');
  });

  it('answers malformed JSON with 400 and keeps serving', async () => {
    const r = await send(mock, 'POST', '/superfone/sfvopi/apps', { raw: '{"name":', headers: { 'x-api-key': mock.demo!.sfvopi.api_key } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ message: 'Invalid request body' });
    expect((await api.get('/apps')).status).toBe(200);
  });

  it('answers a body over 1 MiB with 413', async () => {
    const r = await api.post('/apps', { ...newApp, name: 'x'.repeat(1024 * 1024 + 1) });
    expect(r.status).toBe(413);
    expect((await api.get('/apps')).status).toBe(200);
  });

  it('answers an unknown SFVoPI route with 404 in the provider envelope', async () => {
    const r = await api.get('/no-such-thing');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ message: 'Not Found' });
    expect(mock.journal.list({ unmatched: true, limit: 1 })[0]?.path).toBe('/superfone/sfvopi/no-such-thing');
  });
});

describe('organisation isolation', () => {
  it("treats another organisation's app as missing and never lists it", async () => {
    const other = await mock.createOrg({ name: 'Other' });
    const theirs = sfvopiClient(mock, other.sfvopi.api_key);
    const app = (await api.post('/apps', newApp)).body.data;
    expect((await theirs.get('/apps')).body.data).toEqual([]);
    for (const r of [
      await theirs.get(`/apps/${app.app_id}`),
      await theirs.put(`/apps/${app.app_id}`, { name: 'stolen' }),
      await theirs.delete(`/apps/${app.app_id}`),
      await theirs.get(`/apps/${app.app_id}/numbers`),
      await theirs.post(`/apps/${app.app_id}/numbers`, { voip_number: other.sfvopi.numbers[0] }),
    ]) {
      expect(r.status).toBe(404);
      expect(r.body.message).toBe('SFVoPI app not found');
    }
    expect((await api.get(`/apps/${app.app_id}`)).body.data.name).toBe('Sales line');
  });

  it("cannot link another organisation's number", async () => {
    const other = await mock.createOrg();
    const app = (await api.post('/apps', newApp)).body.data;
    const r = await api.post(`/apps/${app.app_id}/numbers`, { voip_number: other.sfvopi.numbers[0] });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('VoIP number not found or does not belong to this org');
  });
});

describe('seeding', () => {
  it('gives the same ids and keys for the same seed, and others for another seed', async () => {
    const a = await createVoicemock({ seed: 42 });
    const b = await createVoicemock({ seed: 42 });
    const c = await createVoicemock({ seed: 43 });
    expect(a.demo).toEqual(b.demo);
    expect(a.demo!.sfvopi.api_key).not.toBe(c.demo!.sfvopi.api_key);
    const appA = await sfvopiClient(a, a.demo!.sfvopi.api_key).post('/apps', newApp);
    const appB = await sfvopiClient(b, b.demo!.sfvopi.api_key).post('/apps', newApp);
    expect(appA.body).toEqual(appB.body);
  });

  it('reset drops state and re-seeds the same demo organisation', async () => {
    const before = mock.demo;
    await api.post('/apps', newApp);
    const r = await send(mock, 'POST', '/__voicemock/reset', { body: {} });
    expect(r.body).toEqual({ reset: true, seed: 1 });
    expect(mock.demo).toEqual(before);
    expect((await api.get('/apps')).body.data).toEqual([]);
  });
});
