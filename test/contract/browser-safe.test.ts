// voicemock/browser (src/browser.ts) runs the same handlers in a page under msw's setupWorker,
// and re-exports the main entry (src/index.ts): both, and everything they import, must bundle
// for the browser with no Node built-in. test/browser/ runs the bundle in Chromium.
import { rolldown } from 'rolldown';
import { describe, expect, it } from 'vitest';

describe('browser safety', () => {
  it.each(['index.ts', 'browser.ts'])('src/%s bundles for the browser without any Node built-in', async (entry) => {
    const nodeImports = new Set<string>();
    const bundle = await rolldown({
      input: new URL(`../../src/${entry}`, import.meta.url).pathname,
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
