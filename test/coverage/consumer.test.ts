// Done when: in a fresh project with the packed tarball, the README's vitest config plus its one
// test that forces link-conflict prints a summary with the 409 faced and `answer_url timeout`
// not faced with its hint; a threshold fails the run; the shipped schema describes the file.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsumerProject, run, type ConsumerProject } from '../support/consumer-project.ts';
import { snippets } from '../docs/install-section.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const start = readme.indexOf('## Contract coverage');
const section = readme.slice(start, readme.indexOf('\n## ', start + 1));

let project: ConsumerProject;
const vitest = (args: string[]) => run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...args], { cwd: project.dir, env: { NO_COLOR: '1' } });

beforeAll(() => {
  project = createConsumerProject();
  for (const s of snippets(section)) if (s.file) writeFileSync(join(project.dir, s.file), s.text);
}, 240_000);
afterAll(() => {
  if (project) rmSync(dirname(project.dir), { recursive: true, force: true });
});

describe('contract coverage in a project with the packed tarball', { timeout: 120_000 }, () => {
  it('the README example prints the 409 faced and answer_url timeout not faced, with its hint', async () => {
    const ran = await vitest(['link.test.ts']);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toContain('✓ 409 VoIP number is already linked to another SFVoPI app (1×)');
    expect(ran.stdout).toContain("✗ 502 answer_url timeout — mock.use('answer-timeout') · Prefer: scenario=answer-timeout on initiateCall");
    const report = JSON.parse(readFileSync(join(project.dir, 'voicemock-coverage.json'), 'utf8'));
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const schema = JSON.parse(readFileSync(join(project.dir, 'node_modules/voicemock/coverage.schema.json'), 'utf8'));
    expect(new Ajv2020({ strict: false }).compile(schema)(report)).toBe(true);
  });

  it('a threshold fails the run', async () => {
    const config = readFileSync(join(project.dir, 'vitest.config.ts'), 'utf8').replace('/* , minOutcomes: 80 */', ', minOutcomes: 80');
    writeFileSync(join(project.dir, 'vitest.threshold.config.ts'), config);
    const ran = await vitest(['link.test.ts', '--config', 'vitest.threshold.config.ts']);
    expect(ran.code).toBe(1);
    expect(ran.stdout + ran.stderr).toMatch(/outcomes faced [\d.]+% < 80%/);
  });
});
