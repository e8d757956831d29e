import { beforeEach, describe, expect, it } from 'vitest';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { send } from '../support/mock-client.ts';

let mock: Voicemock;
beforeEach(async () => {
  mock = await createVoicemock();
});

const listApps = (headers: Record<string, string>) => send(mock, 'GET', '/superfone/sfvopi/apps', { headers });

describe('SFVoPI authentication', () => {
  it('answers a missing key with "Please Provide API Key"', async () => {
    const r = await listApps({});
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ message: 'UnAuthorized, Please Provide API Key' });
  });

  it('treats an empty header as missing', async () => {
    expect((await listApps({ 'x-api-key': '  ' })).body.message).toBe('UnAuthorized, Please Provide API Key');
  });

  it('answers an unknown key with "Please Provide Valid API Key"', async () => {
    const r = await listApps({ 'X-API-Key': 'sfv_key_unknown' });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ message: 'UnAuthorized, Please Provide Valid API Key' });
  });

  it('answers a revoked key with "Please Provide Valid API Key"', async () => {
    const key = mock.demo!.sfvopi.api_key;
    expect((await listApps({ 'x-api-key': key })).status).toBe(200);
    const revoke = await send(mock, 'POST', '/__voicemock/api-keys/revoke', { body: { api_key: key } });
    expect(revoke.status).toBe(200);
    expect((await listApps({ 'x-api-key': key })).body.message).toBe('UnAuthorized, Please Provide Valid API Key');
  });

  it('does not accept a Voxifi key on SFVoPI', async () => {
    const r = await listApps({ 'x-api-key': mock.demo!.voxifi.api_keys.Owner! });
    expect(r.body.message).toBe('UnAuthorized, Please Provide Valid API Key');
  });

  it('accepts a dashboard session cookie with an organisation selected', async () => {
    const r = await listApps({ cookie: `theme=dark; sf_session=${mock.demo!.sfvopi.session}` });
    expect(r.status).toBe(200);
  });

  it('answers an expired or unknown session with "Please Login"', async () => {
    const expired = await send(mock, 'POST', '/__voicemock/sessions', { body: { org_id: mock.demo!.org_id, expired: true } });
    expect((await listApps({ cookie: `sf_session=${expired.body.session}` })).body).toEqual({ message: 'UnAuthorized, Please Login' });
    expect((await listApps({ cookie: 'sf_session=nope' })).body.message).toBe('UnAuthorized, Please Login');
  });

  it('answers a session without an organisation with "Please Login to Organisation"', async () => {
    const s = await send(mock, 'POST', '/__voicemock/sessions', { body: { org_id: null } });
    const r = await listApps({ cookie: `sf_session=${s.body.session}` });
    expect(r.status).toBe(401);
    expect(r.body.message).toBe('UnAuthorized, Please Login to Organisation');
  });

  it('checks auth before anything else', async () => {
    const r = await send(mock, 'POST', '/superfone/sfvopi/apps/sfv_app_nope00000000/numbers', { raw: '{bad json' });
    expect(r.status).toBe(401);
  });
});
