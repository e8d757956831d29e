// Names that cannot be wrong: a typo in a scenario name fails every way it can be given, and
// every name the README offers to force can be forced on a stock mock.
import { contextOf } from '../../src/internal.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { createVoicemock } from '../../src/index.ts';
import { isForceable } from '../../src/core/forcing/names.ts';
import { controlRequest } from '../calls/peers.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const LINK = 'https://prod-api.superfone.co.in/superfone/sfvopi/apps/sfv_app_x/numbers';

async function linkWith(mock: Awaited<ReturnType<typeof createVoicemock>>, prefer: string) {
  return mock.fetch(LINK, {
    method: 'POST',
    headers: { 'X-API-Key': mock.demo!.sfvopi.api_key, prefer, 'content-type': 'application/json' },
    body: JSON.stringify({ voip_number: '+918000000001' }),
  });
}

describe('an unknown scenario name', () => {
  it('in Prefer: scenario= gets 422 with the known names and the closest one', async () => {
    const mock = await createVoicemock();
    const response = await linkWith(mock, 'scenario=link-conflct');
    expect(response.status).toBe(422);
    expect(response.headers.get('voicemock-error')).toBe('unknown-scenario');
    const body = await response.json();
    expect(body.voicemock_error.code).toBe('unknown_scenario');
    expect(body.voicemock_error.message).toContain('did you mean "link-conflict"');
    expect(body.voicemock_error.known).toContain('link-conflict');
    expect((await linkWith(mock, 'scenario=link-conflict')).status).toBe(409);
  });

  it('in Prefer: example= is refused the same way, and an unknown name is never counted as coverage', async () => {
    const mock = await createVoicemock();
    expect((await linkWith(mock, 'code=409, example=link_conflct')).status).toBe(422);
    expect(mock.coverage().totals.outcomes.faced).toBe(0);
  });

  it('in mock.use() throws, naming the closest known name', async () => {
    const mock = await createVoicemock();
    expect(() => mock.use('voxifi-server-error')).toThrow(/unknown scenario "voxifi-server-error" \(did you mean "server-error"\?\)/);
    expect(() => mock.use('server-error')).not.toThrow();
  });

  it('in mock.use() through msw never reaches a request', async () => {
    const mock = await createVoicemock();
    const server = setupServer(...mock.handlers);
    server.listen();
    try {
      expect(() => server.use(...mock.use('link_conflicts'))).toThrow(/unknown scenario/);
    } finally {
      server.close();
    }
  });

  it('in the control API is refused with 404 and the list', async () => {
    const mock = await createVoicemock();
    const reply = await controlRequest(mock, 'PUT', '/scenarios/active', { scenario: 'call-busy' });
    expect(reply.status).toBe(404);
    expect(reply.body.error.message).toMatch(/unknown scenario "call-busy"/);
    expect(reply.body.error.known.contract).toContain('link-conflict');
  });

  it('in --scenario makes serve exit 2 before it listens', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'vm-names-')); // no ./scenarios here: a stock project
    const ran = spawnSync(process.execPath, [join(ROOT, 'src/cli.ts'), 'serve', '--port', '0', '--scenario', 'webhook-timeout'], { cwd, encoding: 'utf8', timeout: 60_000 });
    expect(ran.status).toBe(2);
    expect(ran.stderr).toContain('unknown scenario "webhook-timeout"');
    expect(ran.stdout).not.toContain('listening');
  });

  it('in a scenario file\'s fault makes replay (and serve) refuse the file, with its line', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'vm-names-'));
    const file = join(cwd, 'typo.yaml');
    writeFileSync(file, 'scenarios:\n  - name: typo\n    description: a typo\n    faults:\n      - operation: linkNumber\n        example: link_conflct\n    steps:\n      - request: { method: GET, path: /superfone/sfvopi/apps }\n        expect: { status: 200 }\n');
    const ran = spawnSync(process.execPath, [join(ROOT, 'src/cli.ts'), 'replay', file], { cwd, encoding: 'utf8', timeout: 60_000 });
    expect(ran.status).toBe(2);
    expect(ran.stderr).toContain('typo.yaml:6: scenarios.0.faults.0.example: no example link_conflct in openapi.yaml (did you mean link-conflict?)');
  });
});

describe('the one list of forceable names', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Forceable scenario names'), readme.indexOf('### Scenario files'));

  it('every name of the README forceable table is forceable on a stock mock', async () => {
    const mock = await createVoicemock();
    const names = [...section.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThanOrEqual(40);
    expect(names.filter((n) => !isForceable(contextOf(mock), n))).toEqual([]);
  });

  it('voicemock scenarios prints each of them, and the replay stories apart', () => {
    const ran = spawnSync(process.execPath, [join(ROOT, 'src/cli.ts'), 'scenarios'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(ran.status).toBe(0);
    const [forceable, files] = ran.stdout.split('Scenario files in');
    for (const name of ['link-conflict', 'answer-timeout', 'server-error', 'insufficient-balance']) expect(forceable).toContain(`  ${name} `);
    expect(forceable).not.toContain('call-busy');
    expect(files).toContain('call-busy');
  });
});
