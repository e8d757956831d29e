// Contract coverage for vitest, in one line of vitest.config.ts:
//
//   import { voicemockCoverage } from 'voicemock/vitest/coverage';
//   export default defineConfig({ plugins: [voicemockCoverage({ minOutcomes: 80, require: ['link-conflict'] })] });
//
// It adds a setup file to every worker (threads or forks, any number of mocks per worker) and
// a global setup that merges what the workers faced, prints the summary, writes the JSON and
// fails the run below the thresholds.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIR_KEY, OPTIONS_ENV, type CoverageOptions } from './coverage-options.ts';

export type { CoverageOptions } from './coverage-options.ts';

const sibling = (name: string) => {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`./${name}${ext}`, import.meta.url));
};

/** A Vite plugin for vitest.config.ts (see above). */
export function voicemockCoverage(options: CoverageOptions = {}) {
  return {
    name: 'voicemock-coverage',
    config() {
      const dir = mkdtempSync(join(tmpdir(), 'voicemock-coverage-'));
      process.env[OPTIONS_ENV] = JSON.stringify({ dir, options });
      return { test: { setupFiles: [sibling('coverage-setup')], globalSetup: [sibling('coverage-global')], provide: { [DIR_KEY]: dir } } };
    },
  };
}
