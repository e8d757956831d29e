#!/usr/bin/env node
// `npm run build` (also run by `npm pack` / `npm publish` at prepack): what the package ships.
//   dist/**/*.js, .d.ts and source maps  tsc over src/ (tsconfig.build.json); Node will not strip
//                                        types under node_modules, so users get JS
//   dist/cli.mjs                         the `voicemock` command as one minified file (rolldown):
//                                        one file instead of several hundred modules halves the
//                                        time from spawn to first answer
// `--cli` builds only dist/cli.mjs (what `npm start` needs). Type checking is `npm run typecheck`'s
// job, so tsc runs with --noCheck here.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = fileURLToPath(new URL('../', import.meta.url));
const at = (path) => join(root, path);
const started = performance.now();
const cliOnly = process.argv.includes('--cli');

/** src/core/version.ts says what package.json says (browser-safe: no fs at run time). */
function writeVersion() {
  const { version } = JSON.parse(readFileSync(at('package.json'), 'utf8'));
  const text = `// Sent as \`voicemock-version\` on every response so client suites can refuse a stale mock.\n// Written from package.json by scripts/build.js; a test fails when it is stale.\nexport const VERSION = '${version}';\n`;
  const file = at('src/core/version.ts');
  if (readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
}

const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));

function compileLibrary() {
  rmSync(at('dist'), { recursive: true, force: true });
  execFileSync(process.execPath, [at('node_modules/typescript/bin/tsc'), '-p', at('tsconfig.build.json'), '--noCheck'], { stdio: 'inherit' });
  // Declarations keep the sources' './x.ts' specifiers; a user's tsc wants the shipped './x.js'.
  for (const file of walk(at('dist')).filter((f) => f.endsWith('.d.ts'))) {
    const text = readFileSync(file, 'utf8');
    const fixed = text.replace(/((?:from|import)\s*\(?\s*['"]\.{1,2}\/[^'"]*?)\.ts(['"])/g, '$1.js$2');
    if (fixed !== text) writeFileSync(file, fixed);
  }
}

async function bundleCli() {
  const bundle = await rolldown({ input: at('src/cli.ts'), platform: 'node', cwd: root, logLevel: 'warn' });
  await bundle.write({ file: at('dist/cli.mjs'), format: 'esm', codeSplitting: false, minify: true, sourcemap: false });
  await bundle.close();
}

writeVersion();
if (!cliOnly) compileLibrary();
await bundleCli();
module.flushCompileCache?.();
process.stderr.write(`built ${cliOnly ? 'dist/cli.mjs' : 'dist/'} in ${Math.round(performance.now() - started)} ms\n`);
