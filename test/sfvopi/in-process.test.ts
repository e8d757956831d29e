// The README's in-process recipe: msw's setupServer with voicemock's handlers intercepts
// requests to the real SFVoPI host, with no port.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVoicemock, type Voicemock } from '../../src/index.ts';

let mock: Voicemock;
let server: ReturnType<typeof setupServer>;
const SFVOPI = 'https://prod-api.superfone.co.in/superfone';

beforeAll(async () => {
  mock = await createVoicemock();
  server = setupServer(...mock.handlers);
  server.listen({ onUnhandledFrame: 'error' });
});
beforeEach(() => mock.reset());
afterAll(() => server.close());

describe('in-process with setupServer', () => {
  it('serves the real SFVoPI URLs from state', async () => {
    const headers = { 'X-API-Key': mock.demo!.sfvopi.api_key, 'Content-Type': 'application/json' };
    const created = await fetch(`${SFVOPI}/sfvopi/apps`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Support', answer_url: 'https://my.app/answer' }),
    });
    expect(created.status).toBe(200);
    const { data } = await created.json();
    const read = await fetch(`${SFVOPI}/sfvopi/apps/${data.app_id}`, { headers });
    expect((await read.json()).data.name).toBe('Support');
  });

  it('starts each test from the seeded state after reset()', async () => {
    const r = await fetch(`${SFVOPI}/sfvopi/apps`, { headers: { 'X-API-Key': mock.demo!.sfvopi.api_key } });
    expect((await r.json()).data).toEqual([]);
  });
});
