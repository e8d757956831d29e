import { expect, it } from 'vitest';
import { createVoicemock } from '../../../src/index.ts';

const HOST = 'https://prod-api.superfone.co.in';

it('two mocks in one file', async () => {
  const first = await createVoicemock();
  const second = await createVoicemock();
  const linked = await first.fetch(`${HOST}/superfone/sfvopi/apps/x/numbers`, { method: 'POST', headers: { prefer: 'scenario=link-conflict', 'content-type': 'application/json' }, body: '{}' });
  expect(linked.status).toBe(409);
  for (let i = 0; i < 2; i++) {
    const listed = await second.fetch(`${HOST}/superfone/sfvopi/apps`, { headers: { 'X-API-Key': second.demo!.sfvopi.api_key } });
    expect(listed.status).toBe(200);
  }
});
