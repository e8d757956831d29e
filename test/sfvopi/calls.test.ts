import { beforeEach, describe, expect, it } from 'vitest';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { sfvopiClient } from '../support/mock-client.ts';

let mock: Voicemock;
let api: ReturnType<typeof sfvopiClient>;
let appId: string;

beforeEach(async () => {
  mock = await createVoicemock();
  const org = await mock.createOrg({ sfvopi: { numbers: ['+918000000003', '+918000000004'] } });
  api = sfvopiClient(mock, org.sfvopi.api_key);
  appId = (await api.post('/apps', { name: 'Outbound', answer_url: 'https://a.example/answer' })).body.data.app_id;
  await api.post(`/apps/${appId}/numbers`, { voip_number: '+918000000003' });
});

const call = (body: Record<string, unknown>) =>
  api.post('/calls', { from: '+918000000003', to: '+918000000001', answer_url: 'https://a.example/answer', ...body });

describe('SFVoPI outbound calls', () => {
  it('queues a call from a number linked to an active app', async () => {
    const r = await call({});
    expect(r.status).toBe(200);
    expect(r.body.message).toBe('success');
    expect(r.body.data.status).toBe('queued');
    expect(r.body.data.request_uuid).toMatch(/^sfv_ob_req_[a-z0-9]{12}$/);
  });

  it('answers 400 with the E.164 number when from is not linked', async () => {
    const r = await call({ from: '8000000004' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ message: 'VoIP number +918000000004 is not linked to any SFVoPI app for this org' });
  });

  it('answers 400 when the linked app is INACTIVE', async () => {
    await api.put(`/apps/${appId}`, { status: 'INACTIVE' });
    const r = await call({});
    expect(r.body).toEqual({ message: 'VoIP number +918000000003 is not linked to any SFVoPI app for this org' });
  });

  it("answers 400 for a number linked in another organisation", async () => {
    const other = await mock.createOrg();
    const theirs = sfvopiClient(mock, other.sfvopi.api_key);
    const r = await theirs.post('/calls', { from: '+918000000003', to: '+918000000001', answer_url: 'https://a.example/answer' });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('VoIP number +918000000003 is not linked to any SFVoPI app for this org');
  });

  it.each([
    ['call_time_limit above 86400', { call_time_limit: 86401 }],
    ['ring_timeout of 0', { ring_timeout: 0 }],
    ['ring_timeout above 600', { ring_timeout: 601 }],
    ['a non-URL ring_url', { ring_url: 'ring me' }],
    ['a missing answer_url', { answer_url: undefined }],
  ])('rejects %s with 400 Invalid request body', async (_n, body) => {
    const r = await call(body);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ message: 'Invalid request body' });
  });

  it('accepts the documented bounds', async () => {
    expect((await call({ call_time_limit: 1, ring_timeout: 600 })).status).toBe(200);
    expect((await call({ call_time_limit: 86400, ring_timeout: 1 })).status).toBe(200);
  });
});
