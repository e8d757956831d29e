// Bounded by construction: outcome ids come from a closed catalogue, organisations tallied
// apart stop at a limit (their counts still reach the total), and a huge name is refused
// without being echoed whole.
import { contextOf } from '../../src/internal.ts';
import { describe, expect, it } from 'vitest';
import { createVoicemock } from '../../src/index.ts';
import { tallyOf, MAX_TALLIED_ORGS } from '../../src/core/coverage/tally.ts';

const HOST = 'https://prod-api.superfone.co.in';

describe('coverage bounds', () => {
  it('keeps at most maxOrgs organisations apart; the rest still count in the total', async () => {
    const mock = await createVoicemock({ seedDemoOrg: false });
    expect(tallyOf(contextOf(mock)).maxOrgs).toBe(MAX_TALLIED_ORGS);
    tallyOf(contextOf(mock)).maxOrgs = 3;
    for (let i = 0; i < 6; i++) {
      const org = await mock.createOrg({});
      await mock.fetch(`${HOST}/superfone/sfvopi/apps`, { headers: { 'X-API-Key': org.sfvopi.api_key } });
    }
    expect(tallyOf(contextOf(mock)).byOrg.size).toBe(3);
    expect(mock.coverage().items.find((i) => i.id === 'listApps 200')!.faced).toBe(6);
  });

  it('a flood of requests grows no counter beyond the catalogue', async () => {
    const mock = await createVoicemock();
    for (let i = 0; i < 500; i++) await mock.fetch(`${HOST}/superfone/sfvopi/apps/sfv_app_${i}`, { headers: { 'X-API-Key': mock.demo!.sfvopi.api_key } });
    const ids = new Set(mock.coverage().items.map((i) => i.id));
    expect([...tallyOf(contextOf(mock)).counts.keys()].every((id) => ids.has(id))).toBe(true);
    expect(tallyOf(contextOf(mock)).counts.get('getApp 404 app-not-found')).toBe(500);
  });

  it('a huge scenario name is refused with 422, echoed cut short', async () => {
    const mock = await createVoicemock();
    const name = 'x'.repeat(6000);
    const response = await mock.fetch(`${HOST}/superfone/sfvopi/apps`, { headers: { prefer: `scenario=${name}` } });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.voicemock_error.message.length).toBeLessThan(300);
  });
});
