// The layers of src/ go one way: core ← providers (sfvopi, voxifi) ← load ← control ← adapters ← cli.
// This test reads every import (type-only, side-effect, re-export and literal import() ones too)
// and fails on one that reaches up a layer, on a module in no layer, and on any cycle.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** The layers, lowest first: imports may only go down (or stay). Each names real folders and files. */
const LAYERS: Array<{ name: string; folders: string[]; files?: string[] }> = [
  { name: 'core', folders: ['core', 'generated', 'audio', 'webhooks'] },
  // The two providers stand side by side and never import each other.
  { name: 'providers', folders: ['sfvopi', 'voxifi'] },
  // The load tester and the conversation driver drive the providers; the control API starts their runs.
  { name: 'load', folders: ['load', 'converse'] },
  { name: 'control', folders: ['control'] },
  { name: 'adapters', folders: ['msw', 'http', 'testing', 'scenarios'], files: ['index.ts', 'browser.ts', 'types.ts', 'internal.ts', 'supported-node.ts'] },
  { name: 'cli', folders: ['cli'], files: ['cli.ts'] },
];

/** Folders a layer may name before they exist (another branch brings them). */
const EXPECTED_LATER = new Set<string>();

function layerOf(path: string): number {
  const index = LAYERS.findIndex((l) => (path.includes('/') && l.folders.includes(path.split('/')[0]!)) || l.files?.includes(path));
  if (index === -1) throw new Error(`src/${path} belongs to no layer: add it to LAYERS`);
  return index;
}

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? modules(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

/**
 * Relative specifiers of every import form: `import … from`, `import type … from`, side-effect
 * `import './x'`, `export … from` and `export * from`, and `import()` with a literal.
 */
const IMPORT = /(?:^|[\n;])\s*(?:import|export)\b(?:[^'"`();]*?\bfrom)?\s*['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*(?:\/\*.*?\*\/\s*)?['"`](\.{1,2}\/[^'"`]+)['"`]\s*\)/g;

const specifiersOf = (text: string) => [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!);

function importsOf(file: string): string[] {
  return specifiersOf(readFileSync(file, 'utf8')).map((s) => relative(SRC, resolve(dirname(file), s)));
}

const graph = new Map(modules(SRC).map((f) => [relative(SRC, f), importsOf(f)]));

describe('layers', () => {
  it('reads every import form', () => {
    const text = [
      "import { a } from './named.ts';",
      "import type { B } from '../typed.ts';",
      "import './side-effect.ts'; // first",
      "import {\n  c,\n  d,\n} from './multi-line.ts';",
      "export { e } from './re-export.ts';",
      "export * from './star.ts';",
      "export * as ns from './star-as.ts';",
      "export type { F } from './type-re-export.ts';",
      "const g = await import('./dynamic.ts');",
      'const h = await import(/* @vite-ignore */ "./dynamic-commented.ts");',
      'type I = typeof import(`./type-import.ts`);',
      "import { x } from 'msw';", // a package: not a module of src/
      "const s = 'import ./not-an-import.ts';",
    ].join('\n');
    expect(specifiersOf(text)).toEqual([
      './named.ts', '../typed.ts', './side-effect.ts', './multi-line.ts', './re-export.ts', './star.ts',
      './star-as.ts', './type-re-export.ts', './dynamic.ts', './dynamic-commented.ts', './type-import.ts',
    ]);
  });

  it('names only folders and files that exist', () => {
    const missing = LAYERS.flatMap((l) => [...l.folders.filter((f) => !EXPECTED_LATER.has(f)), ...(l.files ?? [])]).filter((p) => !existsSync(join(SRC, p)));
    expect(missing).toEqual([]);
  });

  it('every module belongs to a layer', () => {
    const homeless = [...graph.keys()].filter((path) => {
      try {
        layerOf(path);
        return false;
      } catch {
        return true;
      }
    });
    expect(homeless).toEqual([]);
  });

  it('no import reaches up a layer', () => {
    const upward: string[] = [];
    // Files outside src/ (the scenario schema) are data, not a layer.
    for (const [from, targets] of graph) {
      for (const to of targets.filter((t) => !t.startsWith('..'))) {
        if (layerOf(to) > layerOf(from)) upward.push(`${from} (${LAYERS[layerOf(from)]!.name}) → ${to} (${LAYERS[layerOf(to)]!.name})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('keeps SFVoPI and Voxifi apart', () => {
    const crossing = [...graph].flatMap(([from, targets]) =>
      targets.filter((to) => from.split('/')[0] !== to.split('/')[0] && /^(sfvopi|voxifi)\//.test(from) && /^(sfvopi|voxifi)\//.test(to)).map((to) => `${from} → ${to}`),
    );
    expect(crossing).toEqual([]);
  });

  it('core names no provider: no provider in its code, no branch on a provider name', () => {
    // Comments may mention a provider (as an example); code may not.
    const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
    const naming = [...graph.keys()]
      .filter((path) => path.startsWith('core/'))
      .flatMap((path) => {
        const lines = code(readFileSync(join(SRC, path), 'utf8')).split('\n');
        return lines.flatMap((line, i) => (/sfvopi|voxifi|superfone|['"`]control['"`]/i.test(line) ? [`src/${path}:${i + 1}: ${line.trim()}`] : []));
      });
    expect(naming).toEqual([]);
  });

  it('has no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (node: string) => {
      state.set(node, 'open');
      stack.push(node);
      for (const next of (graph.get(node) ?? []).filter((t) => !t.startsWith('..'))) {
        if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' → '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(node, 'done');
    };
    for (const node of graph.keys()) if (!state.has(node)) visit(node);
    expect(cycles).toEqual([]);
  });
});
