// `npm run bench:bundle`: what a web page that imports `voicemock/browser` downloads. Bundles a
// one-line page with rolldown (what Vite 8 builds with), minified, and reports the whole and each
// dependency's share, minified and gzip, beside the floor: a page with msw's worker and one
// handler, which any msw page pays. A share is that package's rendered modules minified on
// their own, so shares add up to about the whole, not exactly. `--out <file>` writes the JSON
// (relative to the current directory; default bench/bundle-results.json).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { rolldown } from 'rolldown';
import { minifySync } from 'rolldown/utils';

const root = fileURLToPath(new URL('../', import.meta.url));

/** What a user's page does: start the mock in the page. */
const PAGE = `import { createVoicemock, startWorker } from 'voicemock/browser';
const mock = await createVoicemock({ seed: 1 });
await startWorker(mock);
`;

/** The floor: what msw's worker and one handler weigh on their own. */
const FLOOR_PAGE = `import { setupWorker } from 'msw/browser';
import { http, HttpResponse } from 'msw';
await setupWorker(http.get('/x', () => HttpResponse.json({ ok: true }))).start();
`;

export interface Weight {
  minBytes: number;
  gzipBytes: number;
}

export interface BundleResults {
  at: string;
  total: Weight;
  /** A page with msw alone (setupWorker and one handler). */
  floor: Weight;
  /** Per package (or 'voicemock' for the sources, 'voicemock generated' for src/generated), heaviest first. */
  parts: Array<{ name: string; modules: number } & Weight>;
}

const weigh = (code: string): Weight => ({ minBytes: Buffer.byteLength(code), gzipBytes: gzipSync(code, { level: 9 }).length });

/** The package a module id belongs to. */
export function partOf(id: string): string {
  if (id.includes('/.cache/voicemock-bundle-')) return 'the page itself';
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id);
  if (inPackage) return inPackage[1]!;
  if (id.startsWith(join(root, 'src/generated/'))) return 'voicemock generated';
  if (id.startsWith(root)) return 'voicemock';
  return id.startsWith('\0') ? 'bundler runtime' : id;
}

type Chunk = { code: string; modules: Record<string, { code: string | null }> };

async function build(dir: string, name: string, page: string): Promise<Chunk> {
  const entry = join(dir, `${name}.js`);
  writeFileSync(entry, page);
  const bundle = await rolldown({
    input: entry,
    platform: 'browser',
    logLevel: 'silent',
    // The sources, as the package's own `voicemock/browser` export builds them (no dist/ needed).
    resolve: { alias: { 'voicemock/browser': join(root, 'src/browser.ts') } },
  });
  const { output } = await bundle.generate({ format: 'esm', codeSplitting: false, minify: true });
  await bundle.close();
  return output[0] as Chunk;
}

export async function measureBundle(): Promise<BundleResults> {
  // Inside the repository, so the pages' bare imports resolve to its node_modules.
  const cache = join(root, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'voicemock-bundle-'));
  try {
    const chunk = await build(dir, 'page', PAGE);
    const floor = weigh((await build(dir, 'floor', FLOOR_PAGE)).code);
    const code = new Map<string, { text: string[]; modules: number }>();
    for (const [id, info] of Object.entries(chunk.modules)) {
      if (!info.code) continue;
      const part = code.get(partOf(id)) ?? { text: [], modules: 0 };
      part.text.push(info.code);
      part.modules++;
      code.set(partOf(id), part);
    }
    const parts = [...code].map(([name, part]) => {
      const minified = minifySync(`${name}.js`, part.text.join('\n'), { compress: true, mangle: { toplevel: true } }).code;
      return { name, modules: part.modules, ...weigh(minified) };
    });
    parts.sort((a, b) => b.gzipBytes - a.gzipBytes);
    return { at: new Date().toISOString(), total: weigh(chunk.code), floor, parts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => (bytes / 1000).toFixed(1);

export function renderBundle(results: BundleResults): string {
  const rows = [
    ['part', 'modules', 'min kB', 'gzip kB'],
    ['whole page (voicemock/browser)', '', kb(results.total.minBytes), kb(results.total.gzipBytes)],
    ['floor: msw alone (setupWorker, one handler)', '', kb(results.floor.minBytes), kb(results.floor.gzipBytes)],
    ...results.parts.map((p) => [p.name, String(p.modules), kb(p.minBytes), kb(p.gzipBytes)]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const results = await measureBundle();
  process.stdout.write(`Browser bundle: a page importing voicemock/browser, minified (kB = 1000 bytes)\n${renderBundle(results)}\n`);
  const out = values.out === undefined ? join(root, 'bench/bundle-results.json') : resolve(values.out);
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  process.stderr.write(`wrote ${out}\n`);
}
