// `voicemock` as a user runs it: a child process on the real clock, found through the URL it prints.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/core/version.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, ['src/cli.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 15_000 });

/** Resolves with the first stdout line, or rejects with whatever the process printed. */
function firstLine(child: ReturnType<typeof spawn>, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no startup line within ${timeoutMs} ms: ${out}${err}`)), timeoutMs);
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const end = out.indexOf('\n');
      if (end !== -1) {
        clearTimeout(timer);
        resolve(out.slice(0, end));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before starting: ${out}${err}`));
    });
  });
}

describe('voicemock serve (child process)', () => {
  it('prints its URL and the demo credentials, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['src/cli.ts', 'serve', '--port', '0', '--seed', '7', '--time-scale', '10'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await firstLine(child);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      expect(url, line).toBeDefined();
      expect(line).toMatch(/started in \d+ ms/);
      const key = /X-API-Key: (\S+)/.exec(line)?.[1];
      expect(key).toMatch(/^sfv_key_/);
      expect(line).toMatch(/Bearer vx_key_\S+/);

      const health = await fetch(`${url}/__voicemock/health`);
      expect(health.status).toBe(200);
      expect(health.headers.get('voicemock-version')).toBe(VERSION);
      expect(await health.json()).toMatchObject({ status: 'ok', seed: 7 });
      // The printed key works as printed.
      const apps = await fetch(`${url}/superfone/sfvopi/apps`, { headers: { 'x-api-key': key! } });
      expect(await apps.json()).toEqual({ data: [], message: 'success' });

      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  // The bin launcher runs the built bundle: test/package/consumer.test.ts runs it installed.
  it('prints the version and the help', () => {
    expect(cli('--version')).toMatchObject({ status: 0, stdout: `${VERSION}\n` });
    const help = cli('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('voicemock <command>');
    expect(help.stdout).toContain('--time-scale');
  });

  it('answers an unknown command, a missing one or a bad option with usage and exit code 2', () => {
    for (const args of [['bogus'], [], ['serve', '--nope'], ['serve', '--port', 'abc'], ['serve', '--time-scale', '0']]) {
      const r = cli(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('Usage: voicemock');
    }
  });

  it('refuses to bind beyond loopback without --control-token, and checks the limit flags', () => {
    const open = cli('serve', '--host', '0.0.0.0', '--port', '0');
    expect(open.status).toBe(2);
    expect(open.stderr).toContain('--control-token is required when --host (0.0.0.0) is not a loopback address');
    for (const args of [['--max-receivers', '0'], ['--max-records-per-org', 'many'], ['--max-connections=-1']]) {
      const r = cli('serve', ...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('must be a positive whole number');
    }
    expect(cli('--help').stdout).toContain('--control-token');
  });
});
