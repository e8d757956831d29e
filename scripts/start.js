#!/usr/bin/env node
// `npm start`: runs the one-file CLI bundle (dist/cli.mjs), rebuilding it first only when a
// source is newer. One node process and no shell chain, so the SIGTERM or SIGINT that npm
// passes on reaches the server itself.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const bundle = join(root, 'dist/cli.mjs');
const mtime = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const newest = (dir) =>
  Math.max(...readdirSync(dir, { withFileTypes: true }).map((d) => (d.isDirectory() ? newest(join(dir, d.name)) : mtime(join(dir, d.name)))));

const built = mtime(bundle);
if (built < 0 || Math.max(newest(join(root, 'src')), mtime(join(root, 'package.json')), mtime(join(root, 'scenarios/scenario.schema.json'))) > built) {
  execFileSync(process.execPath, [join(root, 'scripts/build.js'), '--cli'], { stdio: 'inherit' });
}
module.enableCompileCache?.();
await import(bundle);
