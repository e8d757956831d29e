// The layers of src/ go one way: core ← providers (sfvopi, voxifi) ← load ← control ← adapters ← cli. This test reads every
// import (type-only ones too) and fails on one that reaches up a layer, and on any cycle.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** Layer of a module by where it lives; the order is the direction imports may go (down). */
const LAYERS: Array<{ name: string; holds: (path: string) => boolean }> = [
  { name: 'core', holds: (p) => /^(core|generated|audio|webhooks)\//.test(p) },
  // The two providers stand side by side and never import each other; control drives both.
  { name: 'providers', holds: (p) => /^(sfvopi|voxifi)\//.test(p) },
  // The load tester drives the providers; the control API starts its runs.
  { name: 'load', holds: (p) => p.startsWith('load/') },
  { name: 'control', holds: (p) => p.startsWith('control/') },
  { name: 'adapters', holds: (p) => p === 'index.ts' || /^(msw|http|testing|scenarios)\//.test(p) || /^[a-z-]+\.ts$/.test(p) && p !== 'cli.ts' },
  { name: 'cli', holds: (p) => p === 'cli.ts' || p.startsWith('cli/') },
];

function layerOf(path: string): number {
  const index = LAYERS.findIndex((l) => l.holds(path));
  if (index === -1) throw new Error(`src/${path} belongs to no layer: add its folder to LAYERS`);
  return index;
}

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? modules(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => relative(SRC, resolve(dirname(file), m[1] ?? m[2]!)));
}

const graph = new Map(modules(SRC).map((f) => [relative(SRC, f), importsOf(f)]));

describe('layers', () => {
  it('every module belongs to a layer', () => {
    for (const path of graph.keys()) expect(() => layerOf(path)).not.toThrow();
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
