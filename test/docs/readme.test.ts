// The README's tables are kept as data elsewhere; these tests keep them in step.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MAGIC_NUMBERS } from '../../src/voxifi/magic-numbers.ts';
import { loadScenarios } from '../../src/scenarios/files.ts';
import { scenarioCatalog } from '../../src/core/forcing/catalog.ts';
import { openapiDocument } from '../../src/generated/openapi-document.ts';

const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
const rows = readme.split('\n').filter((l) => l.startsWith('| `'));

describe('README', () => {
  it.each(Object.entries(MAGIC_NUMBERS))('lists magic number %s with its outcome', (number, script) => {
    const row = rows.find((r) => r.startsWith(`| \`${number}\``));
    expect(row, number).toBeDefined();
    const outcome = script.outcome === 'ring-forever' ? 'rings until canceled' : script.outcome;
    expect(row).toContain(`| ${outcome} |`);
  });

  it('lists every scenario file that reproduces a documented error, with its status and message', async () => {
    for (const s of (await loadScenarios('scenarios')).filter((x) => x.reproduces)) {
      const row = rows.find((r) => r.startsWith(`| \`${s.name}\``));
      expect(row, s.name).toBeDefined();
      expect(row).toContain(`| ${s.reproduces!.status ?? '—'} |`);
      expect(row).toContain(s.reproduces!.message);
    }
  });

  it('lists the six answer-webhook scenarios', () => {
    for (const entry of scenarioCatalog(openapiDocument).filter((e) => e.status === 502)) {
      expect(rows.some((r) => r.startsWith(`| \`${entry.name}\``) && r.includes(entry.template ?? entry.message)), entry.name).toBe(true);
    }
  });
});
