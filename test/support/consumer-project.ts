// A user's project with voicemock installed from its tarball, for the consumer test and the
// bench. It proves the tarball, not the repository:
//  - the package is packed from a copy of its files (so the repository's own dist/ is never
//    rebuilt under a running test), by `npm pack`, which builds at prepack;
//  - the project installs it OFFLINE: its lockfile is cut from ours (every package it needs is
//    a pinned devDependency here), so `npm ci` finds each tarball in the cache that our own
//    `npm ci` filled, with no registry metadata needed.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** What a user installs beside voicemock; versions come from our lockfile. */
export const CONSUMER_DEPENDENCIES = ['msw', 'vitest', 'openapi-fetch', 'typescript', '@types/node'];
const PACKAGE_FILES = ['package.json', 'README.md', 'LICENSE', 'docs', 'bin', 'scripts', 'src', 'scenarios', 'openapi.yaml', 'control-api.yaml', 'coverage.schema.json', 'conversation.schema.json', 'utterances', 'examples', 'tsconfig.json', 'tsconfig.build.json'];

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}
type Packages = Record<string, LockEntry>;

/** npm ran by the node running us (npm scripts set npm_execpath; else the npm beside node). */
export function npmCli(which: 'npm' | 'npx' = 'npm'): string {
  const execpath = process.env.npm_execpath;
  const dir = execpath && /npm-cli\.js$/.test(execpath) ? dirname(execpath) : '/usr/lib/node_modules/npm/bin';
  return join(dir, `${which}-cli.js`);
}

/** Environment for children: our node first on PATH (so `#!/usr/bin/env node` is ours too). */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, npm_config_update_notifier: 'false', ...extra };
}

const npm = (cwd: string, args: string[]) =>
  execFileSync(process.execPath, [npmCli(), ...args], { cwd, env: childEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });

/** Packs voicemock from a copy of its files; returns the tarball's path. */
export function packVoicemock(into: string): string {
  const copy = join(into, 'voicemock');
  mkdirSync(copy);
  for (const file of PACKAGE_FILES) cpSync(join(root, file), join(copy, file), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const out = npm(copy, ['pack', '--json', '--pack-destination', into]);
  const [packed] = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string }>;
  return join(into, packed!.filename);
}

/** The lock entries a set of packages needs, walking dependencies as Node resolves them. */
function closure(packages: Packages, roots: string[]): Packages {
  const kept: Packages = {};
  const visit = (from: string, name: string, optional: boolean) => {
    // Node's lookup: the nearest node_modules/name walking up from the requiring package.
    let dir = from;
    for (;;) {
      const path = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (packages[path]) return keep(path);
      if (!dir) break;
      const up = dir.lastIndexOf('/node_modules/');
      dir = up === -1 ? '' : dir.slice(0, up);
    }
    if (!optional) throw new Error(`${name} (needed by ${from || 'the project'}) is not in package-lock.json`);
  };
  const keep = (path: string) => {
    if (kept[path]) return;
    const entry = packages[path]!;
    kept[path] = entry;
    for (const name of Object.keys(entry.dependencies ?? {})) visit(path, name, false);
    for (const name of Object.keys(entry.optionalDependencies ?? {})) visit(path, name, true);
    for (const name of Object.keys(entry.peerDependencies ?? {})) visit(path, name, entry.peerDependenciesMeta?.[name]?.optional ?? false);
  };
  for (const name of roots) visit('', name, false);
  return kept;
}

export interface ConsumerProject {
  dir: string;
  tarball: string;
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end without blocking the event loop (a test can talk to it meanwhile). */
export function run(command: string, args: string[], options: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: childEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A fresh `"type": "module"` project with voicemock and CONSUMER_DEPENDENCIES installed offline. */
export function createConsumerProject(): ConsumerProject {
  const base = mkdtempSync(join(tmpdir(), 'voicemock-consumer-'));
  const tarball = packVoicemock(base);
  const dir = join(base, 'app');
  mkdirSync(dir);

  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Packages };
  const ours = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; peerDependencies: Record<string, string>; peerDependenciesMeta: Record<string, { optional?: boolean }>; engines: Record<string, string>; bin: Record<string, string>; license: string };
  const devDependencies: Record<string, string> = { voicemock: `file:../${tarball.slice(base.length + 1)}` };
  for (const name of CONSUMER_DEPENDENCIES) devDependencies[name] = lock.packages[`node_modules/${name}`]!.version!;
  const pkg = { name: 'voicemock-consumer', version: '1.0.0', private: true, type: 'module', devDependencies };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));

  const voicemock: LockEntry = {
    version: ours.version,
    resolved: devDependencies.voicemock,
    integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
    dev: true,
    license: ours.license,
    dependencies: ours.dependencies,
    bin: ours.bin,
    engines: ours.engines,
    peerDependencies: ours.peerDependencies,
    peerDependenciesMeta: ours.peerDependenciesMeta,
  };
  const packages = closure({ ...lock.packages, 'node_modules/voicemock': voicemock }, Object.keys(devDependencies));
  const consumerLock = { name: pkg.name, version: pkg.version, lockfileVersion: 3, requires: true, packages: { '': { name: pkg.name, version: pkg.version, devDependencies }, ...packages } };
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(consumerLock, null, 2));
  npm(dir, ['ci', '--offline', '--no-audit', '--no-fund']);
  return { dir, tarball };
}

/** Files in the tarball (for the report). */
export function tarballFiles(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
}
