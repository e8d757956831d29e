// Which Chromium the browser suites drive, and what to do when there is none. Never a browser
// download: Debian's `chromium` package, installed with apt-get when the machine lets us (root,
// apt-get present: CI and containers), else the suites are skipped with one line saying how to
// run them. VOICEMOCK_CHROMIUM names another binary (never installed for); a missing one skips.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export type ChromiumChoice = { path: string; skip: null } | { path: null; skip: string };

export interface Machine {
  env: Record<string, string | undefined>;
  exists(path: string): boolean;
  isRoot: boolean;
  hasApt: boolean;
  /** Runs apt-get; true when it succeeded. */
  aptInstall(): boolean;
  say(line: string): void;
}

const HOW = 'apt-get install chromium (or VOICEMOCK_CHROMIUM=/path/to/chromium), then npx vitest run test/browser';

export function chooseChromium(m: Machine): ChromiumChoice {
  if (m.env.VOICEMOCK_SKIP_BROWSER === '1') return { path: null, skip: `browser suites skipped (VOICEMOCK_SKIP_BROWSER=1); to run them: ${HOW}` };
  const path = m.env.VOICEMOCK_CHROMIUM || DEFAULT_CHROMIUM;
  if (m.exists(path)) return { path, skip: null };
  const mayInstall = path === DEFAULT_CHROMIUM && m.isRoot && m.hasApt && m.env.VOICEMOCK_NO_APT !== '1';
  if (mayInstall) {
    m.say(`voicemock: no Chromium at ${path}; installing Debian's chromium with apt-get (once)`);
    if (m.aptInstall() && m.exists(path)) return { path, skip: null };
  }
  return { path: null, skip: `browser suites skipped: no Chromium at ${path}; to run them: ${HOW}` };
}

export function thisMachine(): Machine {
  const apt = (args: string[]) => spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  return {
    env: process.env,
    exists: existsSync,
    isRoot: process.getuid?.() === 0,
    hasApt: (() => {
      try {
        execFileSync('apt-get', ['--version'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    })(),
    aptInstall: () => apt(['update', '-qq']) && apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium']),
    say: (line) => process.stderr.write(`${line}\n`),
  };
}
