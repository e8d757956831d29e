// voicemock/vitest's coverage in a real vitest run (the fixture suite next door): every mock of
// every worker, threads and forks, shards that merge to the whole, and a threshold that fails.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeReports, type CoverageReport } from '../../src/index.ts';

const FIXTURE = resolve(import.meta.dirname, 'vitest-fixture');
const VITEST = resolve(import.meta.dirname, '../../node_modules/vitest/vitest.mjs');
const out = mkdtempSync(join(tmpdir(), 'vm-vitest-'));

function vitest(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [VITEST, 'run', '--root', FIXTURE, ...args], {
    cwd: FIXTURE, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1', ...env },
  });
}

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as CoverageReport;
const faced = (report: CoverageReport) => Object.fromEntries(report.items.filter((i) => i.faced > 0).map((i) => [i.id, i.faced]));
const EXPECTED = { 'listApps 200': 2, 'linkNumber 409 link-conflict': 2, 'vxListAgents 500 server-error': 1 };

describe('voicemockCoverage() in vitest.config.ts', () => {
  it.each(['threads', 'forks'])('gathers every mock of every worker (%s), prints the summary and writes the JSON', (pool) => {
    const file = join(out, `${pool}.json`);
    const ran = vitest(['--pool', pool], { VM_OUT: file });
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout).toContain('voicemock coverage: outcomes 3/');
    expect(faced(read(file))).toEqual(EXPECTED);
  });

  it('with --shard, each shard writes its part and the parts merge to the whole', () => {
    const file = join(out, 'sharded.json');
    for (const shard of ['1/2', '2/2']) expect(vitest(['--shard', shard], { VM_OUT: file, VM_MIN: '99' }).status).toBe(0);
    const parts = [read(join(out, 'sharded.shard-1-of-2.json')), read(join(out, 'sharded.shard-2-of-2.json'))];
    expect(faced(mergeReports(parts))).toEqual(EXPECTED);
  });

  it('fails the run below a threshold, saying which', () => {
    const ran = vitest([], { VM_OUT: join(out, 'low.json'), VM_MIN: '50', VM_REQUIRE: 'link-conflict,answer-timeout' });
    expect(ran.status).toBe(1);
    const output = ran.stdout + ran.stderr;
    expect(output).toMatch(/outcomes faced [\d.]+% < 50%/);
    expect(output).toContain('required outcome "answer-timeout" was never faced');
    expect(output).not.toContain('required outcome "link-conflict"');
  });
});
