// voicemock coverage (merge, table, thresholds, JUnit) and serve --coverage-out.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createVoicemock, mergeReports } from '../../src/index.ts';
import schema from '../../coverage.schema.json' with { type: 'json' };

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'src/cli.ts');
const dir = mkdtempSync(join(tmpdir(), 'vm-coverage-cli-'));
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, 'coverage', ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });

async function reportFile(name: string, prefer: string[]): Promise<string> {
  const mock = await createVoicemock();
  for (const p of prefer) {
    await mock.fetch('https://prod-api.superfone.co.in/superfone/sfvopi/apps/x/numbers', { method: 'POST', headers: { prefer: `scenario=${p}`, 'content-type': 'application/json' }, body: '{}' });
  }
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(mock.coverage()));
  return file;
}

describe('voicemock coverage', () => {
  it('the report matches the shipped JSON Schema', async () => {
    const validate = new Ajv2020({ strict: false }).compile(schema);
    const mock = await createVoicemock();
    expect(validate(mock.coverage()), JSON.stringify(validate.errors)).toBe(true);
  });

  it('merges reports, prints the table by provider and operation, and passes what is required', async () => {
    const a = await reportFile('a.json', ['link-conflict']);
    const b = await reportFile('b.json', ['link-conflict', 'number-not-owned']);
    const ran = cli(a, b, '--require', 'link-conflict,number-not-owned', '--out', 'merged.json', '--junit', 'junit.xml');
    expect(ran.stderr).toBe('');
    expect(ran.status).toBe(0);
    expect(ran.stdout).toMatch(/SFVOPI\n {2}listApps/);
    expect(ran.stdout).toContain('✓ 409 VoIP number is already linked to another SFVoPI app (2×)');
    expect(ran.stdout).toMatch(/✗ 502 answer_url timeout — mock\.use\('answer-timeout'\)/);
    const merged = JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8'));
    expect(merged).toEqual(mergeReports([JSON.parse(readFileSync(a, 'utf8')), JSON.parse(readFileSync(b, 'utf8'))]));
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junit).toContain('<testcase classname="sfvopi.linkNumber" name="409 VoIP number is already linked to another SFVoPI app"/>');
    expect(junit).toContain('<testcase classname="voicemock.coverage" name="thresholds"/>');
  });

  it('exits 1 below --min-outcomes or without a required outcome, saying why', async () => {
    const a = await reportFile('c.json', ['link-conflict']);
    const low = cli(a, '--min-outcomes', '80%');
    expect(low.status).toBe(1);
    expect(low.stderr).toMatch(/outcomes faced 0\.3% < 80%/);
    const missing = cli(a, '--require', 'answer-timeout', '--junit', 'failed.xml');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('required outcome "answer-timeout" was never faced');
    expect(readFileSync(join(dir, 'failed.xml'), 'utf8')).toContain('<failure message="required outcome');
  });

  it('exits 2 on a typo in --require, a bad percentage or a file that is not a report', async () => {
    const a = await reportFile('d.json', []);
    expect(cli(a, '--require', 'link-conflct').status).toBe(1); // not in the catalogue: a shortfall, named
    expect(cli(a, '--min-outcomes', 'lots').status).toBe(2);
    writeFileSync(join(dir, 'bad.json'), '{"items":[]}');
    const bad = cli(join(dir, 'bad.json'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('is not a voicemock coverage report');
  });
});

describe('voicemock serve --coverage-out', () => {
  it('writes what the server faced when it stops', async () => {
    const out = join(dir, 'served.json');
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--coverage-out', out], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolveUrl, reject) => {
      let text = '';
      child.stdout.on('data', (chunk) => {
        text += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(text);
        if (match) resolveUrl(match[1]!);
      });
      child.once('exit', () => reject(new Error('serve exited early')));
    });
    const response = await fetch(`${url}/superfone/sfvopi/apps/x/numbers`, { method: 'POST', headers: { prefer: 'scenario=link-conflict', 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(409);
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(out)).toBe(true);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.items.find((i: { id: string }) => i.id === 'linkNumber 409 link-conflict').faced).toBe(1);
  });
});
