// The committed generated files must equal a fresh generation from the contract files.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateAll } from '../../src/core/contract/generate.ts';

describe('generated files', () => {
  it('are fresh (run `npm run generate` after editing openapi.yaml or control-api.yaml)', async () => {
    for (const file of await generateAll()) {
      const committed = await readFile(new URL(`../../${file.path}`, import.meta.url), 'utf8');
      expect(committed, `${file.path} is stale`).toBe(file.text);
    }
  });
});
