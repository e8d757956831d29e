// Replay against a server that is not a voicemock (no control API), as against the real
// provider: no reset, no provider state, the given keys; differences show the drift.
import { http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { startServer, type RunningServer } from '../../src/http/node-server.ts';
import { loadScenarios } from '../../src/scenarios/files.ts';
import { replayAll } from '../../src/scenarios/replay.ts';
import { httpTransport } from '../../src/scenarios/transport.ts';

let mock: Voicemock;
let provider: RunningServer;

beforeAll(async () => {
  mock = await createVoicemock();
  // Only the provider's own routes: the stand-in for the real SFVoPI host.
  const handlers = [http.all('*/__voicemock/*', () => new Response('Not Found', { status: 404 })), ...mock.handlers];
  provider = await startServer({ mock, handlers, port: 0 });
});
afterAll(() => provider.close());

describe('replay against a provider without a control API', () => {
  it('runs the steps with the given keys and reports where it differs', async () => {
    const scenarios = (await loadScenarios('scenarios')).filter((s) => ['missing-api-key', 'invalid-api-key', 'app-lifecycle', 'link-conflict'].includes(s.name));
    const results = await replayAll(httpTransport(provider.url), scenarios, { external: { sfvopiKey: mock.demo!.sfvopi.api_key } });
    const byName = Object.fromEntries(results.map((r) => [r.name, r]));
    expect(byName['missing-api-key']!.passed).toBe(true);
    expect(byName['invalid-api-key']!.passed).toBe(true);
    expect(byName['app-lifecycle']!.firstDifference).toBeNull();
    // link-conflict needs provider state (an app holding the number): without it, the drift shows.
    expect(byName['link-conflict']!.passed).toBe(false);
    expect(byName['link-conflict']!.firstDifference).toMatch(/status: expected 409, got 404/);
  });
});
