// How the browser suites find Chromium on a machine without one: install Debian's package when
// the machine allows it, else skip with one line that says how to run them. The machine is
// simulated; nothing is installed here.
import { describe, expect, it } from 'vitest';
import { chooseChromium, DEFAULT_CHROMIUM, type Machine } from './chromium.ts';

function machine(over: Partial<Machine> & { installs?: boolean; present?: string[] } = {}) {
  const present = new Set(over.present ?? []);
  const lines: string[] = [];
  let installs = 0;
  const m: Machine = {
    env: {},
    exists: (p) => present.has(p),
    isRoot: true,
    hasApt: true,
    aptInstall: () => {
      installs++;
      if (over.installs) present.add(DEFAULT_CHROMIUM);
      return over.installs ?? false;
    },
    say: (l) => lines.push(l),
    ...over,
  };
  return { m, lines, installs: () => installs };
}

describe('choosing Chromium', () => {
  it('uses Debian\'s chromium where it is', () => {
    const { m, installs } = machine({ present: [DEFAULT_CHROMIUM] });
    expect(chooseChromium(m)).toEqual({ path: DEFAULT_CHROMIUM, skip: null });
    expect(installs()).toBe(0);
  });

  it('installs it with apt-get as root when it is missing, and says so', () => {
    const { m, lines, installs } = machine({ installs: true });
    expect(chooseChromium(m)).toEqual({ path: DEFAULT_CHROMIUM, skip: null });
    expect(installs()).toBe(1);
    expect(lines).toEqual([`voicemock: no Chromium at ${DEFAULT_CHROMIUM}; installing Debian's chromium with apt-get (once)`]);
  });

  it('skips with one line saying how to run them when it cannot install', () => {
    for (const over of [{ isRoot: false }, { hasApt: false }, { installs: false }, { env: { VOICEMOCK_NO_APT: '1' } }]) {
      const choice = chooseChromium(machine(over).m);
      expect(choice.path).toBeNull();
      expect(choice.skip).toBe(`browser suites skipped: no Chromium at ${DEFAULT_CHROMIUM}; to run them: apt-get install chromium (or VOICEMOCK_CHROMIUM=/path/to/chromium), then npx vitest run test/browser`);
    }
  });

  it('never installs for a VOICEMOCK_CHROMIUM that is missing: it skips', () => {
    const { m, installs } = machine({ env: { VOICEMOCK_CHROMIUM: '/nowhere/chromium' }, installs: true });
    expect(chooseChromium(m).skip).toMatch(/^browser suites skipped: no Chromium at \/nowhere\/chromium; /);
    expect(installs()).toBe(0);
  });

  it('skips on VOICEMOCK_SKIP_BROWSER=1', () => {
    expect(chooseChromium(machine({ env: { VOICEMOCK_SKIP_BROWSER: '1' }, present: [DEFAULT_CHROMIUM] }).m).skip).toMatch(/VOICEMOCK_SKIP_BROWSER=1/);
  });
});
