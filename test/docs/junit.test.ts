// The README's JUnit command, run as written (without its redirect): npm's own lines must stay
// out of the report, so what lands in replay.xml is well-formed XML.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { childEnv, npmCli } from '../support/consumer-project.ts';
import { xmlProblem } from '../support/xml.ts';
import { readFileSync } from 'node:fs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README: replay --reporter junit', () => {
  it('the repository command writes well-formed XML', async () => {
    const line = readme.split('\n').find((l) => l.startsWith('npm run') && l.includes('--reporter junit'));
    expect(line).toBe('npm run --silent voicemock -- replay scenarios/ --reporter junit > replay.xml');
    const args = line!.replace(/\s*>\s*replay\.xml$/, '').split(/\s+/).slice(1);
    const child = spawn(process.execPath, [npmCli(), ...args], { cwd: root, env: childEnv(), stdio: ['ignore', 'pipe', 'ignore'] });
    let xml = '';
    child.stdout.on('data', (d) => (xml += d));
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect(code).toBe(0);
    expect(xmlProblem(xml)).toBeNull();
    expect(xml).toMatch(/<testsuite name="voicemock replay" tests="[1-9]\d*" failures="0"/);
  }, 60_000);

  it('the XML check catches what npm would add', () => {
    expect(xmlProblem('<?xml version="1.0" encoding="UTF-8"?>\n<a>\n  <b x="1"/>\n</a>\n')).toBeNull();
    expect(xmlProblem('\n> voicemock@0.1.0 voicemock\n<?xml version="1.0" encoding="UTF-8"?>\n<a/>\n')).not.toBeNull();
    expect(xmlProblem('<?xml version="1.0" encoding="UTF-8"?>\n<a><b></a>\n')).not.toBeNull();
    expect(xmlProblem('<?xml version="1.0" encoding="UTF-8"?>\n<a/>\ntrailing\n')).not.toBeNull();
  });
});
