// What voicemock/vitest's coverage is asked to do, passed from the config to the global
// setup (one process) through the environment, and to the workers through vitest's provide.
import type { Thresholds } from '../core/coverage/report.ts';

export interface CoverageOptions extends Thresholds {
  /** Where the merged report is written (default voicemock-coverage.json; with --shard, one file per shard). */
  out?: string;
  /** What is printed at the end: the whole table, only what was not faced, or the totals (default 'full'). */
  summary?: 'full' | 'missing' | 'totals' | 'none';
}

export const OPTIONS_ENV = 'VOICEMOCK_COVERAGE_OPTIONS';
export const DIR_KEY = 'voicemockCoverageDir';

declare module 'vitest' {
  interface ProvidedContext {
    voicemockCoverageDir: string;
  }
}
