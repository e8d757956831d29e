// Recording through a proxy writes a scenario that passes the schema, holds no credential or
// secret, and replays green.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { startServer, type RunningServer } from '../../src/http/node-server.ts';
import { startRecorder } from '../../src/scenarios/recorder.ts';
import { parseScenarioFile } from '../../src/scenarios/files.ts';
import { replayScenario } from '../../src/scenarios/replay.ts';
import { inProcessTransport } from '../../src/scenarios/transport.ts';

let mock: Voicemock;
let upstream: RunningServer;

beforeAll(async () => {
  mock = await createVoicemock();
  upstream = await startServer({ mock, port: 0 });
});
afterAll(() => upstream.close());

describe('voicemock record', () => {
  it('records exchanges as a redacted scenario that replays', async () => {
    const recorder = await startRecorder({ upstream: upstream.url, name: 'recorded-flow' });
    const key = mock.demo!.sfvopi.api_key;
    const owner = mock.demo!.voxifi.api_keys.Owner!;
    const json = { 'content-type': 'application/json' };
    const created = await fetch(`${recorder.url}/superfone/sfvopi/apps`, {
      method: 'POST', headers: { 'x-api-key': key, ...json }, body: JSON.stringify({ name: 'Recorded', answer_url: 'https://example.com/a' }),
    });
    expect(created.status).toBe(200); // the proxy passes the real answer through
    await fetch(`${recorder.url}/superfone/sfvopi/apps`, { headers: { 'x-api-key': key } });
    await fetch(`${recorder.url}/superfone/sfvopi/apps`);
    const webhook = await fetch(`${recorder.url}/voxifi/v1/webhooks`, {
      method: 'POST', headers: { authorization: `Bearer ${owner}`, ...json }, body: JSON.stringify({ url: 'https://example.com/hook', events: ['call.completed'] }),
    });
    const secret = (await webhook.json()).secret as string;
    expect(secret).toMatch(/^whsec_/);

    const yaml = await recorder.stop();
    expect(yaml).not.toContain(key);
    expect(yaml).not.toContain(owner);
    expect(yaml).not.toContain(secret);
    const [scenario] = await parseScenarioFile('recorded.yaml', yaml);
    expect(scenario!.steps).toHaveLength(4);
    expect(scenario!.steps[2]).toMatchObject({ request: { method: 'GET', path: '/superfone/sfvopi/apps' }, expect: { status: 401 } });

    const result = await replayScenario(inProcessTransport(await createVoicemock()), scenario!);
    expect(result.firstDifference).toBeNull();
  });
});

describe('voicemock record (command)', () => {
  it('writes the file when stopped', async () => {
    const { mkdtemp, readFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { freePort, startProcess, waitForHttp } = await import('../support/processes.ts');
    const out = join(await mkdtemp(join(tmpdir(), 'voicemock-')), 'recorded.yaml');
    const port = await freePort();
    const proc = startProcess(['src/cli.ts', 'record', '--upstream', upstream.url, '--out', out, '--port', String(port)]);
    await waitForHttp(`http://127.0.0.1:${port}/__voicemock/health`);
    expect((await fetch(`http://127.0.0.1:${port}/superfone/sfvopi/apps`, { headers: { 'x-api-key': mock.demo!.sfvopi.api_key } })).status).toBe(200);
    expect(await proc.stop()).toBe(0);
    const scenarios = await parseScenarioFile(out, await readFile(out, 'utf8'));
    expect(scenarios[0]!.steps.some((s) => 'request' in s && s.request.path === '/superfone/sfvopi/apps')).toBe(true);
  }, 30_000);
});
