import { beforeEach, describe, expect, it } from 'vitest';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { sfvopiClient } from '../support/mock-client.ts';

let mock: Voicemock;
let api: ReturnType<typeof sfvopiClient>;
let appA: string;
let appB: string;
let numbers: string[];

beforeEach(async () => {
  mock = await createVoicemock();
  const org = await mock.createOrg({ sfvopi: { numbers: ['+918000000001', '+918000000002', '+14155550100'] } });
  api = sfvopiClient(mock, org.sfvopi.api_key);
  numbers = org.sfvopi.numbers;
  appA = (await api.post('/apps', { name: 'A', answer_url: 'https://a.example/answer' })).body.data.app_id;
  appB = (await api.post('/apps', { name: 'B', answer_url: 'https://b.example/answer' })).body.data.app_id;
});

const available = async () => (await api.get('/available-numbers')).body.data.map((n: { voip_number: string }) => n.voip_number);

describe('SFVoPI numbers', () => {
  it('lists owned numbers as available with id and provider', async () => {
    const r = await api.get('/available-numbers');
    expect(r.status).toBe(200);
    expect(r.body.data).toHaveLength(3);
    expect(r.body.data[0]).toMatchObject({ voip_number: '+918000000001', status: 'ACTIVE' });
    expect(['exotel', 'plivo']).toContain(r.body.data[0].provider);
  });

  it('links a number, normalising it to E.164, and it leaves available numbers', async () => {
    const r = await api.post(`/apps/${appA}/numbers`, { voip_number: '8000000001' });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ app_id: appA, voip_number: '+918000000001', status: 'ACTIVE', updated_at: null });
    expect(await available()).toEqual(['+918000000002', '+14155550100']);
    expect((await api.get(`/apps/${appA}/numbers`)).body.data.map((l: { voip_number: string }) => l.voip_number)).toEqual(['+918000000001']);
  });

  it('answers 409 when the number is linked to another app, and relinking to the same app returns the link', async () => {
    await api.post(`/apps/${appA}/numbers`, { voip_number: '+918000000001' });
    const again = await api.post(`/apps/${appA}/numbers`, { voip_number: '+918000000001' });
    expect(again.status).toBe(200);
    const conflict = await api.post(`/apps/${appB}/numbers`, { voip_number: '+918000000001' });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({ message: 'VoIP number is already linked to another SFVoPI app' });
  });

  it('answers 400 for a number the organisation does not own', async () => {
    const r = await api.post(`/apps/${appA}/numbers`, { voip_number: '+919999999999' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ message: 'VoIP number not found or does not belong to this org' });
  });

  it('answers 400 Invalid request body for an unparsable number', async () => {
    const r = await api.post(`/apps/${appA}/numbers`, { voip_number: 'call me' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ message: 'Invalid request body' });
  });

  it('checks the app before the body (404 beats 400)', async () => {
    const r = await api.post('/apps/sfv_app_000000000000/numbers', { voip_number: 12 });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ message: 'SFVoPI app not found' });
  });

  it('unlinks with %2B or a raw + in the path; the number is available again', async () => {
    await api.post(`/apps/${appA}/numbers`, { voip_number: '+918000000001' });
    await api.post(`/apps/${appA}/numbers`, { voip_number: '+918000000002' });
    expect((await api.delete(`/apps/${appA}/numbers/%2B918000000001`)).body).toEqual({ data: { deleted: true }, message: 'success' });
    expect((await api.delete(`/apps/${appA}/numbers/+918000000002`)).status).toBe(200);
    expect(await available()).toEqual(numbers);
  });

  it('answers 404 "Number not linked to this app" for a number linked elsewhere or nowhere', async () => {
    await api.post(`/apps/${appA}/numbers`, { voip_number: '+918000000001' });
    for (const path of [`/apps/${appB}/numbers/%2B918000000001`, `/apps/${appA}/numbers/%2B918000000002`, `/apps/${appA}/numbers/garbage`]) {
      const r = await api.delete(path);
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ message: 'Number not linked to this app' });
    }
  });

  it('deleting an app unlinks its numbers, which reappear in available numbers', async () => {
    await api.post(`/apps/${appA}/numbers`, { voip_number: '+918000000001' });
    await api.post(`/apps/${appA}/numbers`, { voip_number: '+14155550100' });
    await api.delete(`/apps/${appA}`);
    expect(await available()).toEqual(numbers);
    expect((await api.post(`/apps/${appB}/numbers`, { voip_number: '+918000000001' })).status).toBe(200);
  });

  it('finds the app a number is linked to', async () => {
    await api.post(`/apps/${appB}/numbers`, { voip_number: '+918000000002' });
    const r = await api.get('/numbers/%2B918000000002/app');
    expect(r.status).toBe(200);
    expect(r.body.data.app_id).toBe(appB);
    expect((await api.get('/numbers/%2B918000000001/app')).body).toEqual({ message: 'SFVoPI app not found' });
    expect((await api.get('/numbers/%2B919999999999/app')).body).toEqual({ message: 'VoIP number not found or does not belong to this org' });
  });
});
