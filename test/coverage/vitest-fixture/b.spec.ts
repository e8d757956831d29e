import { expect, it } from 'vitest';
import { createVoicemock } from '../../../src/index.ts';

const HOST = 'https://prod-api.superfone.co.in';

it('one mock in another file', async () => {
  const mock = await createVoicemock();
  const agents = await mock.fetch(`${HOST}/voxifi/v1/agents`, { headers: { prefer: 'scenario=server-error' } });
  expect(agents.status).toBe(500);
  const linked = await mock.fetch(`${HOST}/superfone/sfvopi/apps/x/numbers`, { method: 'POST', headers: { prefer: 'scenario=link-conflict', 'content-type': 'application/json' }, body: '{}' });
  expect(linked.status).toBe(409);
});
