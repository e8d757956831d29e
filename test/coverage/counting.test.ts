// Counted on the one path: a small scripted suite, counted by hand; the same script through
// every transport gives the same report; per organisation; two workers merged equal one
// process that ran both.
import { describe, expect, it } from 'vitest';
import { createVoicemock, mergeReports, type CoverageReport, type Voicemock } from '../../src/index.ts';
import { TRANSPORTS, type Sent } from '../conformance/transports.ts';
import { controlRequest } from '../calls/peers.ts';

const S = '/superfone/sfvopi';

/** The scripted suite. Its hand count is below. */
function script(mock: Voicemock, org: { sfvKey: string; vxKey: string }): Sent[] {
  const json = { 'content-type': 'application/json' };
  return [
    { method: 'GET', path: `${S}/apps`, headers: { 'X-API-Key': org.sfvKey } }, // listApps 200
    { method: 'GET', path: `${S}/apps`, headers: { 'X-API-Key': org.sfvKey } }, // listApps 200 again
    { method: 'GET', path: `${S}/apps` }, // listApps 401 missing-api-key
    { method: 'GET', path: `${S}/apps`, headers: { 'X-API-Key': 'sfv_key_nope' } }, // listApps 401 invalid-api-key
    { method: 'GET', path: `${S}/apps/sfv_app_none`, headers: { 'X-API-Key': org.sfvKey } }, // getApp 404 app-not-found
    { method: 'POST', path: `${S}/apps/x/numbers`, headers: { 'X-API-Key': org.sfvKey, prefer: 'scenario=link-conflict', ...json }, body: '{}' }, // linkNumber 409, forced
    { method: 'POST', path: `${S}/apps/x/numbers`, headers: { 'X-API-Key': org.sfvKey, prefer: 'scenario=link-conflct', ...json }, body: '{}' }, // 422 typo: nothing
    { method: 'GET', path: '/voxifi/v1/agents', headers: { authorization: `Bearer ${org.vxKey}` } }, // vxListAgents 200
    { method: 'GET', path: '/voxifi/v1/agents', headers: { authorization: `Bearer ${org.vxKey}`, prefer: 'scenario=server-error' } }, // vxListAgents 500 forced
    { method: 'GET', path: '/__voicemock/health' }, // the control API: not the providers' contract
  ];
}

const HAND_COUNT: Record<string, number> = {
  'listApps 200': 2,
  'listApps 401 missing-api-key': 1,
  'listApps 401 invalid-api-key': 1,
  'getApp 404 app-not-found': 1,
  'linkNumber 409 link-conflict': 1,
  'vxListAgents 200': 1,
  'vxListAgents 500 server-error': 1,
};

const facedOf = (report: CoverageReport) => Object.fromEntries(report.items.filter((i) => i.faced > 0).map((i) => [i.id, i.faced]));
const keysOf = (mock: Voicemock) => ({ sfvKey: mock.demo!.sfvopi.api_key, vxKey: mock.demo!.voxifi.api_keys.Owner! });

describe('coverage counts', () => {
  it('match a hand count of a small scripted suite', async () => {
    const mock = await createVoicemock();
    for (const sent of script(mock, keysOf(mock))) await mock.fetch(new Request(`https://prod-api.superfone.co.in${sent.path}`, sent));
    const report = mock.coverage();
    expect(facedOf(report)).toEqual(HAND_COUNT);
    expect(report.totals.outcomes.faced).toBe(7);
    expect(report.totals.operations.faced).toBe(4);
    expect(report.totals.outcomes.total).toBe(report.items.length);
  });

  it.each(TRANSPORTS.filter((t) => !t.answersElsewhere).map((t) => [t.name, t] as const))('are the same through %s', async (_name, transport) => {
    const mock = await createVoicemock();
    const running = await transport.start(mock, mock.handlers, {});
    try {
      for (const sent of script(mock, keysOf(mock))) await running.send(sent);
    } finally {
      await running.stop();
    }
    expect(facedOf(mock.coverage())).toEqual(HAND_COUNT);
  });

  it('survive reset, and DELETE /__voicemock/coverage clears them', async () => {
    const mock = await createVoicemock();
    for (const sent of script(mock, keysOf(mock))) await mock.fetch(new Request(`https://prod-api.superfone.co.in${sent.path}`, sent));
    await mock.reset();
    expect(mock.coverage().totals.outcomes.faced).toBe(7);
    const served = await controlRequest(mock, 'GET', '/coverage');
    expect(served.body).toEqual(mock.coverage());
    expect((await controlRequest(mock, 'DELETE', '/coverage')).status).toBe(200);
    expect(mock.coverage().totals.outcomes.faced).toBe(0);
  });

  it('are kept per organisation', async () => {
    const mock = await createVoicemock();
    const other = await mock.createOrg({ voxifi: { agents: [] } });
    const key = (o: { sfvopi: { api_key: string } }) => ({ 'X-API-Key': o.sfvopi.api_key });
    await mock.fetch(`https://prod-api.superfone.co.in${S}/apps`, { headers: key(mock.demo!) });
    await mock.fetch(`https://prod-api.superfone.co.in${S}/apps/sfv_app_none`, { headers: key(other) });
    // Forced before authentication, it still counts for the organisation whose key it carried.
    await mock.fetch(`https://prod-api.superfone.co.in${S}/apps/x/numbers`, { method: 'POST', headers: { ...key(other), prefer: 'scenario=link-conflict', 'content-type': 'application/json' }, body: '{}' });
    expect(facedOf(mock.coverage({ orgId: mock.demo!.org_id }))).toEqual({ 'listApps 200': 1 });
    expect(facedOf(mock.coverage({ orgId: other.org_id }))).toEqual({ 'getApp 404 app-not-found': 1, 'linkNumber 409 link-conflict': 1 });
    expect(facedOf(mock.coverage())).toEqual({ 'listApps 200': 1, 'getApp 404 app-not-found': 1, 'linkNumber 409 link-conflict': 1 });
    expect((await controlRequest(mock, 'GET', `/coverage?org_id=${other.org_id}`)).body.totals.outcomes.faced).toBe(2);
  });

  it('of two workers merged equal one process that ran both', async () => {
    const all = script(await createVoicemock(), { sfvKey: 'k', vxKey: 'k' }).map((_, i) => i);
    const run = async (mock: Voicemock, indexes: number[]) => {
      const steps = script(mock, keysOf(mock));
      for (const i of indexes) await mock.fetch(new Request(`https://prod-api.superfone.co.in${steps[i]!.path}`, steps[i]!));
      return mock.coverage();
    };
    const single = await run(await createVoicemock(), all);
    const first = await run(await createVoicemock(), all.filter((i) => i % 2 === 0));
    const second = await run(await createVoicemock(), all.filter((i) => i % 2 === 1));
    expect(mergeReports([first, second])).toEqual(single);
    expect(mergeReports([single])).toEqual(single);
  });
});
