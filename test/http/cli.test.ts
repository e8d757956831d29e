// `voicemock` as a user runs it: a child process on the real clock, found through the URL it prints.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/core/version.ts';
import { parseStreamDefaults, serve, stopServing } from '../../src/cli/serve.ts';
import { contextOf } from '../../src/internal.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, ['src/cli.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 15_000 });

/** Resolves with the first `count` stdout lines, or rejects with whatever the process printed. */
function firstLines(child: ReturnType<typeof spawn>, count: number, timeoutMs = 15_000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no startup lines within ${timeoutMs} ms: ${out}${err}`)), timeoutMs);
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const lines = out.split('\n');
      if (lines.length > count) {
        clearTimeout(timer);
        resolve(lines.slice(0, count));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before starting: ${out}${err}`));
    });
  });
}

const firstLine = async (child: ReturnType<typeof spawn>) => (await firstLines(child, 1))[0]!;

/** `voicemock serve …` started in `cwd`; stops it (and waits) when the test is done with it. */
async function serving<T>(args: string[], cwd: string, lines: number, use: (lines: string[], url: string) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, [join(root, 'src/cli.ts'), 'serve', '--port', '0', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const printed = await firstLines(child, lines);
    return await use(printed, /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed[0]!)![1]!);
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  }
}

const readme = readFileSync(join(root, 'README.md'), 'utf8');

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
    for (const args of [['bogus'], [], ['serve', '--nope'], ['serve', '--port', 'abc'], ['serve', '--time-scale', '0'], ['serve', '--stream-defaults', 'bidirectionl=true'], ['serve', '--stream-defaults', 'bidirectional=yes']]) {
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

  it('prints the start-up lines the README shows: the inspector\'s URL, and the time-scale warning', async () => {
    await serving(['--time-scale', '10'], root, 3, async ([, inspector, scale], url) => {
      expect(inspector).toBe(`inspector: ${url}/__voicemock/`);
      expect(scale).toBe("time scale 10: the mock's clock runs 10× real time, so its timestamps (webhooks, events) run ahead of your clock; compare them with each other, not with your own now");
      expect((await fetch(`${url}/__voicemock/`)).headers.get('content-type')).toMatch(/^text\/html/);
      // The README quotes these lines as they are.
      expect(readme).toContain(inspector!.replace(url, 'http://127.0.0.1:4010'));
      expect(readme).toContain(scale!);
    });
  });

  it('names a taken port in one line and exits 1, with no stack trace', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as { port: number }).port;
    try {
      const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['src/cli.ts', 'serve', '--port', String(port)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.once('exit', (status) => resolve({ status, stderr }));
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`voicemock: 127.0.0.1:${port} is already in use (EADDRINUSE); pick another with --port (0 picks a free one)\n`);
    } finally {
      taken.close();
    }
  });

  it('the README\'s replay --target recipe passes from a directory with no ./scenarios: serve knows the packaged faults', async () => {
    const recipe = readme.split('\n').filter((l) => l.startsWith('npx voicemock serve --virtual-clock') || (l.startsWith('npx voicemock replay') && l.includes('--target')));
    expect(recipe.map((l) => l.replace(/\s+#.*$/, ''))).toEqual(['npx voicemock serve --virtual-clock &', 'npx voicemock replay node_modules/voicemock/scenarios/ --target http://127.0.0.1:4010']);
    const dir = mkdtempSync(join(tmpdir(), 'voicemock-user-'));
    try {
      await serving(['--virtual-clock'], dir, 1, async (_, url) => {
        const replay = spawnSync(process.execPath, [join(root, 'src/cli.ts'), 'replay', join(root, 'scenarios/'), '--target', url], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
        expect(replay.stdout, replay.stderr).toMatch(/\n(\d+) passed, 0 failed\n/);
        expect(replay.stdout).toMatch(/voxifi-server-error\s+pass/);
        expect(replay.status).toBe(0);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--stream-defaults sets the docs-silent Stream JSON defaults of the mock it serves', async () => {
    expect(parseStreamDefaults('bidirectional=true,keep_call_alive')).toEqual({ bidirectional: true, keep_call_alive: true });
    expect(parseStreamDefaults('keep_call_alive=false')).toEqual({ keep_call_alive: false });
    expect(() => parseStreamDefaults('bidirectional=1')).toThrow('--stream-defaults takes bidirectional=true|false,keep_call_alive=true|false, got "bidirectional=1"');
    const serving = await serve({ host: '127.0.0.1', port: 0, timeScale: 1, streamDefaults: { bidirectional: true } });
    try {
      // internal: the served mock's config has no view; what the defaults do is test/calls/stream-defaults.test.ts
      expect(contextOf(serving.mock).config.streamDefaults).toEqual({ bidirectional: true });
    } finally {
      await stopServing(serving);
    }
  });

  it('with --control-token, prints the inspector URL that carries it, which trades it for an HttpOnly SameSite=Strict cookie', async () => {
    await serving(['--control-token', 's3cret'], root, 2, async ([, inspector], url) => {
      expect(inspector).toBe(`inspector: ${url}/__voicemock/?token=s3cret`);
      expect((await fetch(`${url}/__voicemock/`)).status).toBe(401);
      expect((await fetch(`${url}/__voicemock/?token=wrong`, { redirect: 'manual' })).status).toBe(401);
      const traded = await fetch(`${url}/__voicemock/?token=s3cret`, { redirect: 'manual' });
      expect(traded.status).toBe(303);
      expect(traded.headers.get('location')).toBe('/__voicemock/');
      const cookie = traded.headers.get('set-cookie')!;
      expect(cookie).toBe('voicemock-control-token=s3cret; Path=/__voicemock; HttpOnly; SameSite=Strict');
      const jar = { cookie: cookie.split(';')[0]! };
      expect((await fetch(`${url}/__voicemock/orgs`, { headers: jar })).status).toBe(200);
      expect((await fetch(`${url}/__voicemock/orgs`, { headers: { cookie: 'voicemock-control-token=wrong' } })).status).toBe(401);
      // The URL form is the page's alone: the API still wants the header or the cookie.
      expect((await fetch(`${url}/__voicemock/orgs?token=s3cret`)).status).toBe(401);
      // A cross-site page cannot ride on the cookie.
      expect((await fetch(`${url}/__voicemock/reset`, { method: 'POST', headers: { ...jar, origin: 'http://evil.example', 'content-type': 'application/json' }, body: '{}' })).status).toBe(403);
    });
  });
});
