// mock.use(name) is scoped like any msw override: with server.boundary, parallel tests do not
// see each other's scenarios.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVoicemock, type Voicemock } from '../../src/index.ts';

let mock: Voicemock;
let server: ReturnType<typeof setupServer>;
const HOST = 'https://prod-api.superfone.co.in/superfone/sfvopi';

beforeAll(async () => {
  mock = await createVoicemock();
  server = setupServer(...mock.handlers);
  server.listen({ onUnhandledFrame: 'error' });
});
afterAll(() => server.close());

const listApps = () => fetch(`${HOST}/apps`, { headers: { 'X-API-Key': mock.demo!.sfvopi.api_key } });

describe('mock.use', () => {
  it('switches a scenario on inside a boundary only, even with concurrent work outside it', async () => {
    const inside = server.boundary(async () => {
      server.use(...mock.use('list-apps-failed'));
      await new Promise((r) => setTimeout(r, 20));
      return (await listApps()).status;
    });
    const outside = (async () => {
      await new Promise((r) => setTimeout(r, 10));
      return (await listApps()).status;
    })();
    const [a, b] = await Promise.all([inside(), outside]);
    expect(a).toBe(500);
    expect(b).toBe(200);
    expect((await listApps()).status).toBe(200);
  });

  it('leaves operations the scenario is not about working on real state', async () => {
    const status = await server.boundary(async () => {
      server.use(...mock.use('link-conflict'));
      return (await listApps()).status;
    })();
    expect(status).toBe(200);
  });
});
