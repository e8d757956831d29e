// `voicemock replay scenarios/` passes in-process and against `voicemock serve`; a failing
// scenario makes it exit 1 with the first difference; JUnit output for CI.
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startProcess, waitForHttp, type Started } from '../support/processes.ts';

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['src/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let serve: Started;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  serve = startProcess(['src/cli.ts', 'serve', '--port', String(port), '--virtual-clock']);
  await waitForHttp(`${base}/__voicemock/health`);
}, 60_000);
afterAll(() => serve?.stop());

describe('voicemock replay', () => {
  it('passes every scenario file in-process', async () => {
    const r = await run(['replay', 'scenarios']);
    expect(r.stdout).toMatch(/^\d+ passed, 0 failed$/m);
    expect(r.stderr).toMatch(/replaying \d+\/\d+/);
    expect(r.code).toBe(0);
  }, 60_000);

  it('passes every scenario file against voicemock serve', async () => {
    const r = await run(['replay', 'scenarios', '--target', base]);
    expect(r.stdout, r.stdout).toMatch(/^\d+ passed, 0 failed$/m);
    expect(r.code).toBe(0);
  }, 60_000);

  it('exits 1 with the first difference, and writes JUnit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'voicemock-'));
    const file = join(dir, 'wrong.yaml');
    await writeFile(file, 'scenarios:\n  - name: wrong\n    description: expects 200 without a key\n    steps:\n      - request: { method: GET, path: /superfone/sfvopi/apps }\n        expect: { status: 200 }\n');
    const table = await run(['replay', file]);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/wrong\s+FAIL.*status: expected 200, got 401/);
    const junit = await run(['replay', file, '--reporter', 'junit']);
    expect(junit.stdout).toMatch(/<testsuite name="voicemock replay" tests="1" failures="1"/);
    expect(junit.stdout).toMatch(/<failure message="step 1: status: expected 200, got 401/);
  }, 60_000);

  it('rejects a bad file with its line and field, exit 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'voicemock-'));
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'scenarios:\n  - name: Bad Name\n    description: x\n    steps: [{ advance_ms: 1 }]\n');
    const r = await run(['replay', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:2: scenarios\.0\.name: must match pattern/);
  }, 60_000);
});
