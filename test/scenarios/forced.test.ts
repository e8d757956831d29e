import { beforeEach, describe, expect, it } from 'vitest';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { send, sfvopiClient } from '../support/mock-client.ts';
import { scenarioCatalog } from '../../src/core/forcing/catalog.ts';
import { openapiDocument } from '../../src/generated/openapi-document.ts';
import { sfvopiSeedErrors } from '../fixtures/seed-errors.ts';

let mock: Voicemock;
let key: string;
beforeEach(async () => {
  mock = await createVoicemock();
  key = mock.demo!.sfvopi.api_key;
});

const withPrefer = (method: string, path: string, prefer: string, body?: unknown) =>
  send(mock, method, `/superfone/sfvopi${path}`, { body, headers: { 'x-api-key': key, prefer } });

describe('Prefer: scenario=<name>', () => {
  it('forces the 409 link conflict by name, whatever the state', async () => {
    const r = await withPrefer('POST', '/apps/sfv_app_abc123xyz456/numbers', 'scenario=link-conflict', { voip_number: '+918000000001' });
    expect(r.status).toBe(409);
    expect(r.body).toEqual({ message: 'VoIP number is already linked to another SFVoPI app' });
    expect(mock.journal.list({ limit: 1 })[0]?.scenario).toBe('link-conflict');
  });

  it('forces each documented 500 with a concrete {error}', async () => {
    const r = await withPrefer('POST', '/apps', 'scenario=create-app-failed', { name: 'x', answer_url: 'https://e.com' });
    expect(r.status).toBe(500);
    expect(r.body.message).toMatch(/^Failed to create SFVoPI app: .+$/);
  });

  it('forces 401 messages without a key', async () => {
    const r = await send(mock, 'GET', '/superfone/sfvopi/apps', { headers: { prefer: 'scenario=session-missing' } });
    expect(r.body).toEqual({ message: 'UnAuthorized, Please Login' });
  });

  it('leaves operations a scenario is not about untouched', async () => {
    const r = await withPrefer('GET', '/apps', 'scenario=link-conflict');
    expect(r.status).toBe(200);
  });

  it('honours Prism-style code= and example=', async () => {
    expect((await withPrefer('POST', '/calls', 'code=500', {})).body).toEqual({ message: 'Service temporarily unavailable' });
    const r = await withPrefer('POST', '/calls', 'code=500, example=initiate_call_failed_with_error', {});
    expect(r.body.message).toBe('Failed to initiate outbound call: carrier rejected the call');
  });

  it('applies per organisation and per API key through the control API', async () => {
    const other = await mock.createOrg();
    const on = await send(mock, 'PUT', '/__voicemock/scenarios/active', { body: { scenario: 'list-apps-failed', org_id: mock.demo!.org_id } });
    expect(on.body.orgs).toEqual({ [String(mock.demo!.org_id)]: 'list-apps-failed' });
    expect((await sfvopiClient(mock, key).get('/apps')).status).toBe(500);
    expect((await sfvopiClient(mock, other.sfvopi.api_key).get('/apps')).status).toBe(200);
    await send(mock, 'PUT', '/__voicemock/scenarios/active', { body: { scenario: null, org_id: mock.demo!.org_id } });
    expect((await sfvopiClient(mock, key).get('/apps')).status).toBe(200);
    await send(mock, 'PUT', '/__voicemock/scenarios/active', { body: { scenario: 'list-apps-failed', api_key: other.sfvopi.api_key } });
    expect((await sfvopiClient(mock, other.sfvopi.api_key).get('/apps')).status).toBe(500);
    expect((await sfvopiClient(mock, key).get('/apps')).status).toBe(200);
  });

  it('rejects an unknown scenario name on the control API', async () => {
    const r = await send(mock, 'PUT', '/__voicemock/scenarios/active', { body: { scenario: 'nope' } });
    expect(r.status).toBe(404);
  });
});

describe('catalogue', () => {
  it('has a scenario for every SFVoPI seed error, the answer-webhook 502s included', () => {
    const catalog = scenarioCatalog(openapiDocument);
    for (const seed of sfvopiSeedErrors) {
      const found = catalog.some((c) => c.status === seed.status && (c.template ?? c.message) === seed.message);
      expect(found, `${seed.status} ${seed.message}`).toBe(true);
    }
  });
});

describe('with scenario files loaded', () => {
  it('still forces the documented example a fault-free file scenario is named after', async () => {
    const { loadScenarios } = await import('../../src/scenarios/files.ts');
    const withFiles = await createVoicemock({ scenarios: await loadScenarios('scenarios') });
    const r = await send(withFiles, 'POST', '/superfone/sfvopi/apps/sfv_app_abc123xyz456/numbers', {
      body: { voip_number: '+918000000001' },
      headers: { 'x-api-key': withFiles.demo!.sfvopi.api_key, prefer: 'scenario=link-conflict' },
    });
    expect(r.status).toBe(409);
    // The latency runs on the mock's clock: no answer until the clock passes 300 ms.
    let s: Awaited<ReturnType<typeof send>> | null = null;
    const slow = send(withFiles, 'GET', '/superfone/sfvopi/apps', { headers: { 'x-api-key': withFiles.demo!.sfvopi.api_key, prefer: 'scenario=slow-provider' } }).then((r) => (s = r));
    await withFiles.clock.advance(299);
    expect(s).toBeNull();
    await withFiles.clock.advance(1);
    await slow;
    expect(s!.status).toBe(200);
  });
});
