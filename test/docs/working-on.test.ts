// "Working on voicemock": its two commands are what CI runs, and nothing more.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

function section(title: string): string {
  const readme = read('README.md');
  const start = readme.indexOf(`## ${title}\n`);
  expect(start, title).not.toBe(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('README: Working on voicemock', () => {
  it('gives npm ci and npm test, and .ci/run runs exactly those', () => {
    const block = /```sh\n([\s\S]*?)```/.exec(section('Working on voicemock'))![1]!;
    const commands = block.split('\n').map((l) => l.trim()).filter(Boolean);
    expect(commands).toEqual(['npm ci', 'npm test']);
    const ci = read('.ci/run').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#') && !/^(set|cd) /.test(l));
    expect(ci).toEqual(commands);
  });

  it('says what npm test does on a machine without Chromium', () => {
    const text = section('Working on voicemock').replace(/\s+/g, ' ');
    expect(text).toContain("installs Debian's `chromium` package with `apt-get` if it runs as root");
    expect(text).toContain('VOICEMOCK_CHROMIUM=/path/to/chromium');
    expect(text).toContain('npx vitest run test/browser');
  });
});
