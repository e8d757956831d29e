// The handler core (src/index.ts and everything it imports) must stay browser-safe, so a later
// stage can run the same handlers under msw's setupWorker: bundling it for the browser must
// need no Node built-in.
import { rolldown } from 'rolldown';
import { describe, expect, it } from 'vitest';

describe('browser safety', () => {
  it('src/index.ts bundles for the browser without any Node built-in', async () => {
    const nodeImports = new Set<string>();
    const bundle = await rolldown({
      input: new URL('../../src/index.ts', import.meta.url).pathname,
      platform: 'browser',
      logLevel: 'silent',
      plugins: [
        {
          name: 'refuse-node-builtins',
          resolveId(source) {
            if (source.startsWith('node:') || /^(fs|path|http|https|net|child_process|crypto|os|url|util|stream|async_hooks)$/.test(source)) {
              nodeImports.add(source);
              return { id: source, external: true };
            }
            return null;
          },
        },
      ],
    });
    await bundle.generate({ format: 'esm' });
    await bundle.close();
    expect([...nodeImports]).toEqual([]);
  }, 60_000);
});
