// The recipe from the README: a client's traffic through `prism proxy openapi.yaml <voicemock>
// --errors`. Prism validates each request and each of voicemock's responses against the spec;
// with --errors a violation would become an error response instead of the mock's answer.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { startServer, type RunningServer } from '../../src/http/node-server.ts';
import { freePort, startProcess, waitForHttp, type Started } from '../support/processes.ts';

const require = createRequire(import.meta.url);
const prismBin = require.resolve('@stoplight/prism-cli/dist/index.js');

let mock: Voicemock;
let server: RunningServer;
let prism: Started;
let base: string;

beforeAll(async () => {
  mock = await createVoicemock();
  server = await startServer({ mock, host: '127.0.0.1', port: 0 });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  prism = startProcess([prismBin, 'proxy', 'openapi.yaml', server.url, '--errors', '--port', String(port), '--host', '127.0.0.1']);
  await waitForHttp(`${base}/superfone/sfvopi/apps`, 60_000);
}, 90_000);

afterAll(async () => {
  await prism?.stop();
  await server?.close();
});

async function through(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(base + path, {
    method,
    headers: { 'x-api-key': mock.demo!.sfvopi.api_key, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, violations: response.headers.get('sl-violations') };
}

describe('prism proxy in front of voicemock', () => {
  it('passes the SFVoPI flow, state and errors included, with no violations', async () => {
    const created = await through('POST', '/superfone/sfvopi/apps', { name: 'Via Prism', answer_url: 'https://example.com/answer' });
    expect(created).toMatchObject({ status: 200, violations: null });
    const appId = created.body.data.app_id;
    const number = mock.demo!.sfvopi.numbers[0]!;
    const steps = [
      await through('GET', `/superfone/sfvopi/apps/${appId}`),
      await through('POST', `/superfone/sfvopi/apps/${appId}/numbers`, { voip_number: number }),
      await through('GET', `/superfone/sfvopi/apps/${appId}/numbers`),
      await through('GET', '/superfone/sfvopi/available-numbers'),
      await through('POST', '/superfone/sfvopi/calls', { from: number, to: '+918000000001', answer_url: 'https://example.com/answer' }),
      await through('DELETE', `/superfone/sfvopi/apps/${appId}/numbers/${encodeURIComponent(number)}`),
      await through('DELETE', `/superfone/sfvopi/apps/${appId}`),
    ];
    for (const step of steps) expect(step).toMatchObject({ status: 200, violations: null });
    const missing = await through('GET', `/superfone/sfvopi/apps/${appId}`);
    expect(missing).toMatchObject({ status: 404, body: { message: 'SFVoPI app not found' }, violations: null });
  });

  it('passes Voxifi errors through unchanged', async () => {
    const r = await through('GET', '/voxifi/v1/agents', undefined, { authorization: `Bearer ${mock.demo!.voxifi.api_keys.Member}` });
    expect(r).toMatchObject({ status: 200, violations: null });
    const forbidden = await through('DELETE', `/voxifi/v1/agents/${mock.demo!.voxifi.agents[0]!.id}`, undefined, { authorization: `Bearer ${mock.demo!.voxifi.api_keys.Member}` });
    expect(forbidden).toMatchObject({ status: 403, body: { error: { code: 'forbidden', message: 'Forbidden' } }, violations: null });
  });
});
