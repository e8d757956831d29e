// `npm i -D voicemock` in a user's project: the tarball, installed offline into a fresh
// "type": "module" project, used the ways the README's install section shows (its snippets are
// written into the project and run as they are), from plain Node, vitest, tsc, CommonJS and
// the installed `voicemock` command.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, createConsumerProject, npmCli, run, tarballFiles, type ConsumerProject } from '../support/consumer-project.ts';
import { snippets } from '../docs/install-section.ts';
import { xmlProblem } from '../support/xml.ts';

let project: ConsumerProject;
const node = (args: string[], env?: Record<string, string>) => run(process.execPath, args, { cwd: project.dir, env });
const npx = (args: string[]) => run(process.execPath, [npmCli('npx'), '--no-install', ...args], { cwd: project.dir });

// Written beside the README's snippets: probes that the types are the contract's, not `any`
// (each expected error below must occur), and a CommonJS caller.
const EXPECT_ERROR = ['//', '@ts-expect-error'].join(' '); // spelled apart: tsc would read it inside the template
const PROBES = `import createClient from 'openapi-fetch';
import { createVoicemock, type Voicemock } from 'voicemock';
import { startServer } from 'voicemock/server';
import { loadScenarios } from 'voicemock/scenarios';
import type { paths } from 'voicemock/types';

const mock: Voicemock = await createVoicemock();
${EXPECT_ERROR}: the demo key is a string
const key: number = mock.demo!.sfvopi.api_key;
const client = createClient<paths>({ fetch: mock.fetch });
${EXPECT_ERROR}: not a path of the contract
await client.GET('/superfone/sfvopi/nope');
${EXPECT_ERROR}: port is a number
await startServer({ mock, port: '0' });
// The public surface without ctx: the clock, the journal and typed events.
await mock.clock.advance(1000);
const entries: Array<{ path: string }> = mock.journal.list({ limit: 5 });
const off: () => void = mock.on('voxifi.event', (e) => void e.orgId);
mock.on('sfvopi.call-event', ({ call_uuid }) => void call_uuid.length);
${EXPECT_ERROR}: not an event of the mock
mock.on('no-such-event', () => {});
${EXPECT_ERROR}: the context is internal
void mock.ctx;
off();
void entries;
const scenarios: Array<{ name: string }> = await loadScenarios('node_modules/voicemock/scenarios');
void key;
void scenarios;
`;
const tsconfig = (module: string, moduleResolution: string) =>
  JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2023', module, moduleResolution, allowImportingTsExtensions: true, skipLibCheck: true, types: ['node'] }, include: ['*.ts'] });

beforeAll(() => {
  project = createConsumerProject();
  for (const s of snippets()) if (s.file) writeFileSync(join(project.dir, s.file), s.text);
  writeFileSync(join(project.dir, 'probes.ts'), PROBES);
  writeFileSync(join(project.dir, 'require.cjs'), "const voicemock = require('voicemock');\nconsole.log(typeof voicemock.createVoicemock, voicemock.VERSION);\n");
  writeFileSync(join(project.dir, 'tsconfig.node16.json'), tsconfig('node16', 'node16'));
  writeFileSync(join(project.dir, 'tsconfig.bundler.json'), tsconfig('esnext', 'bundler'));
}, 180_000);
afterAll(() => {
  if (project) rmSync(dirname(project.dir), { recursive: true, force: true });
});

const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string;

// One test at a time: the file spawns npm, tsc and vitest, and the rest of the suite (some of it
// on a real clock) shares the same two cores.
describe('voicemock installed from its tarball', { timeout: 90_000 }, () => {
  it('ships only what a user needs: built JS with declarations, the contracts and the scenario files', () => {
    const files = tarballFiles(project.tarball).map((f) => f.replace(/^package\//, ''));
    const stray = files.filter((f) => !/^(dist\/|scenarios\/[\w.-]+\.(yaml|json)$|bin\/voicemock\.js$|(openapi|control-api)\.yaml$|conversation\.schema\.json$|utterances\/[\w.-]+\.(wav|md)$|examples\/agent\/([\w.-]+\.(js|yaml)|prompts\/[\w.-]+\.wav)$|coverage\.schema\.json$|package\.json$|README\.md$|LICENSE$|docs\/[\w.-]+\.png$|src\/load\/report\.schema\.json$)/.test(f));
    expect(stray).toEqual([]);
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/index.js.map', 'dist/cli.mjs', 'dist/types.d.ts', 'dist/http/node-server.js', 'dist/testing/vitest.js', 'dist/scenarios/node.js', 'scenarios/scenario.schema.json']) {
      expect(files, f).toContain(f);
    }
    expect(files.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toBe(false);
  });

  it('holds every path the README and --help point a user to', async () => {
    const files = tarballFiles(project.tarball).map((f) => f.replace(/^package\//, ''));
    const shipped = (path: string) => files.includes(path) || files.some((f) => f.startsWith(`${path.replace(/\/$/, '')}/`));
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const help = (await npx(['voicemock', '--help'])).stdout + (await npx(['voicemock', 'load', '--help'])).stdout;
    const text = readme + help;
    const named = new Set<string>();
    // Links and images (relative ones resolve inside the package on its registry page).
    for (const [, target] of readme.matchAll(/\]\(([^)#\s]+)\)/g)) if (!/^[a-z]+:/i.test(target!)) named.add(target!);
    for (const [, path] of text.matchAll(/node_modules\/voicemock\/([\w./*-]+)/g)) named.add(path!.replace(/\*.*$/, ''));
    // Data files named anywhere that exist here, except the repository-only test/, bench/ and
    // scripts/ (the README's Layout says what each holds).
    for (const [, path] of text.matchAll(/(?<![\w/.-])((?:[\w.-]+\/)*[\w-]+(?:\.[\w-]+)*\.(?:json|yaml|png|js|mjs))(?![\w/])/g)) {
      if (existsSync(new URL(`../../${path}`, import.meta.url)) && !/^(test|bench|scripts|node_modules)\//.test(path!) && path !== 'package-lock.json') named.add(path!);
    }
    expect(named.size).toBeGreaterThan(5);
    expect([...named].filter((p) => !shipped(p))).toEqual([]);
    // Import specifiers of files resolve through the package's exports.
    const specifiers = [...new Set([...readme.matchAll(/`(voicemock\/[\w./-]+\.(?:json|yaml))`/g)].map((m) => m[1]!))];
    expect(specifiers).toContain('voicemock/load/report.schema.json');
    const resolved = await node(['-e', `for (const s of ${JSON.stringify(specifiers)}) console.log(require('node:fs').existsSync(require.resolve(s)))`]);
    expect(resolved.stdout, resolved.stderr).toBe('true\n'.repeat(specifiers.length));
  });

  it('runs the README plain Node script: createVoicemock and startServer', async () => {
    const r = await node(['server.mjs']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+ 200 ok\n$/);
  });

  it('runs the README typed client over mock.fetch (openapi-fetch, voicemock/types)', async () => {
    const r = await node(['client.ts']);
    expect(r.stdout, r.stderr).toMatch(/^sfv_app_\w+ 1\n$/);
  });

  it('runs the README vitest file: setupServer, mock.use and the matchers', async () => {
    const r = await node(['node_modules/vitest/vitest.mjs', 'run', 'voice.test.ts', '--reporter', 'dot']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/2 passed/);
  });

  it('type-checks the snippets strictly with moduleResolution node16 and bundler: 0 errors', async () => {
    const tsc = join(project.dir, 'node_modules/typescript/bin/tsc');
    const node16 = await node([tsc, '-p', 'tsconfig.node16.json']);
    const bundler = await node([tsc, '-p', 'tsconfig.bundler.json']);
    expect(node16.stdout + node16.stderr).toBe('');
    expect(node16.code).toBe(0);
    expect(bundler.stdout + bundler.stderr).toBe('');
    expect(bundler.code).toBe(0);
    // Declarations point at the shipped .js, never at sources that are not there.
    const dts = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? dts(join(dir, d.name)) : d.name.endsWith('.d.ts') ? [join(dir, d.name)] : []));
    const stale = dts(join(project.dir, 'node_modules/voicemock/dist')).filter((f) => /from\s*['"]\.{1,2}\/[^'"]*\.ts['"]/.test(readFileSync(f, 'utf8')));
    expect(stale).toEqual([]);
  });

  it('loads from CommonJS with require()', async () => {
    const r = await node(['require.cjs']);
    expect(r.stdout, r.stderr).toBe(`function ${version}\n`);
  });

  it('npx voicemock replay of the shipped scenarios, as the README shows, writes well-formed JUnit XML', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const line = readme.split('\n').find((l) => l.startsWith('npx voicemock replay') && l.includes('--reporter junit'));
    expect(line).toBe('npx voicemock replay node_modules/voicemock/scenarios/ --reporter junit > replay.xml');
    const r = await npx(line!.replace(/\s*>\s*replay\.xml$/, '').split(/\s+/).slice(1));
    expect(r.code, r.stderr).toBe(0);
    expect(xmlProblem(r.stdout)).toBeNull();
    expect(r.stdout).toMatch(/<testsuite name="voicemock replay" tests="[1-9]\d*" failures="0"/);
  });

  it('npx voicemock --help prints the usage', async () => {
    const r = await npx(['voicemock', '--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: voicemock <command>/);
  });

  it('npx voicemock serve --port 0 answers /__voicemock/health and the README HTTP client, and stops on SIGTERM to its process group', async () => {
    // npx runs the command under a shell of its own, so the signal goes to the whole group (as Ctrl-C does).
    const child = spawn(process.execPath, [npmCli('npx'), '--no-install', 'voicemock', 'serve', '--port', '0'], { cwd: project.dir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
        });
        child.stderr.on('data', (d) => (out += d));
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      expect(url, line).toBeDefined();
      const health = await fetch(`${url}/__voicemock/health`);
      expect(health.status).toBe(200);
      expect(health.headers.get('voicemock-version')).toBe(version);
      expect(await health.json()).toMatchObject({ status: 'ok' });

      const client = await node(['client-http.ts'], { VOICEMOCK_URL: url! });
      expect(client.stdout, client.stderr).toBe('2 200\n');

      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      signalGroup('SIGTERM');
      await exited;
      // The server closes its listener, then exits; poll until it refuses (bounded by the test timeout).
      while (await fetch(`${url}/__voicemock/health`, { headers: { connection: 'close' } }).then(() => true, () => false)) {
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      signalGroup('SIGKILL');
    }
  });

  it('the README\'s replay --target recipe, as typed in the project (no ./scenarios): every shipped scenario passes', async () => {
    expect(existsSync(join(project.dir, 'scenarios'))).toBe(false);
    const child = spawn(process.execPath, [npmCli('npx'), '--no-install', 'voicemock', 'serve', '--virtual-clock', '--port', '0'], { cwd: project.dir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (found) resolve(found[1]!);
        });
        child.stderr.on('data', (d) => (out += d));
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const r = await npx(['voicemock', 'replay', 'node_modules/voicemock/scenarios/', '--target', url]);
      expect(r.stdout, r.stderr).toMatch(/\n\d+ passed, 0 failed\n/);
      expect(r.stdout).toMatch(/voxifi-server-error\s+pass/);
      expect(r.code).toBe(0);
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  // CI's own node is 20, behind ours on PATH; where there is such an older node, use it.
  const olderNode = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes('node_modules') && dir !== dirname(process.execPath))
    .map((dir) => join(dir, 'node'))
    .find((file) => {
      try {
        if (!statSync(file).isFile()) return false;
        const [major = 0, minor = 0] = execFileSync(file, ['-p', 'process.versions.node'], { encoding: 'utf8' }).split('.').map(Number);
        return major < 22 || (major === 22 && minor < 12);
      } catch {
        return false;
      }
    });

  it.skipIf(!olderNode)('on Node older than 22.12, the command says so in one line and the import throws that Error', async () => {
    const line = 'voicemock needs Node\\.js 22\\.12 or newer; this is v[\\d.]+';
    const command = await run(olderNode!, ['node_modules/voicemock/bin/voicemock.js', '--help'], { cwd: project.dir });
    expect(command.code).toBe(1);
    expect(command.stderr).toMatch(new RegExp(`^${line}\\n$`));
    expect(command.stdout).toBe('');
    // The library never exits its host: the import fails with the Error, which the host may catch.
    const imported = await run(olderNode!, ['server.mjs'], { cwd: project.dir });
    expect(imported.code).toBe(1);
    expect(imported.stderr).toMatch(new RegExp(`^Error: ${line}$`, 'm'));
    expect(imported.stdout).toBe('');
  });
});
