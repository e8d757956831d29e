// Scenario network faults over real sockets: a reset connection and a truncated body; the
// server keeps serving afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { startServer, type RunningServer } from '../../src/http/node-server.ts';

let mock: Voicemock;
let server: RunningServer;

beforeAll(async () => {
  mock = await createVoicemock({
    scenarios: [
      { name: 'drop', description: 'reset', faults: [{ operation: 'listApps', network: 'reset' }], steps: [{ advance_ms: 0 }] },
      { name: 'cut', description: 'truncated', faults: [{ operation: 'listApps', network: 'truncated' }], steps: [{ advance_ms: 0 }] },
    ],
  });
  server = await startServer({ mock, port: 0 });
});
afterAll(() => server.close());

const listApps = (prefer?: string) =>
  fetch(`${server.url}/superfone/sfvopi/apps`, { headers: { 'x-api-key': mock.demo!.sfvopi.api_key, ...(prefer ? { prefer } : {}) } });

describe('network faults', () => {
  it('resets the connection', async () => {
    await expect(listApps('scenario=drop')).rejects.toThrow();
    expect((await listApps()).status).toBe(200);
  });

  it('truncates the body', async () => {
    const response = await listApps('scenario=cut');
    await expect(response.text()).rejects.toThrow();
    expect((await listApps()).status).toBe(200);
  });
});
