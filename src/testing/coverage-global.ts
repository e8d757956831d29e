// Runs once, in vitest's main process (a global setup): after every worker is done, merges
// what they wrote, prints the summary, writes the report and fails the run below a threshold.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeReports, reportTable, shortfalls, summaryLine, type CoverageReport } from '../core/coverage/report.ts';
import { OPTIONS_ENV, type CoverageOptions } from './coverage-options.ts';

interface Run {
  dir: string;
  options: CoverageOptions;
}

const runOf = (): Run => JSON.parse(process.env[OPTIONS_ENV] ?? '{}') as Run;

interface ProjectLike {
  config: { shard?: { index: number; count: number } };
}

let shard: { index: number; count: number } | undefined;

export function setup(project?: ProjectLike): void {
  const { dir } = runOf();
  shard = project?.config?.shard;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

/** The merged report of every worker's files in the folder. */
export function collect(dir: string): CoverageReport | null {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  if (files.length === 0) return null;
  return mergeReports(files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as CoverageReport));
}

export function teardown(): void {
  const { dir, options } = runOf();
  const report = collect(dir);
  rmSync(dir, { recursive: true, force: true });
  if (!report) {
    process.stdout.write('\nvoicemock coverage: no mock was created in this run\n');
    return;
  }
  const out = options.out ?? 'voicemock-coverage.json';
  const file = shard ? out.replace(/(\.json)?$/, `.shard-${shard.index}-of-${shard.count}.json`) : out;
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  const summary = options.summary ?? 'full';
  if (summary === 'full' || summary === 'missing') process.stdout.write(`\n${reportTable(report, { onlyMissing: summary === 'missing' })}\n`);
  else if (summary === 'totals') process.stdout.write(`\n${summaryLine(report)}\n`);
  process.stdout.write(`voicemock coverage written to ${file}\n`);
  // A shard sees part of the suite: its thresholds are checked once the shards are merged.
  if (shard) {
    process.stdout.write(`shard ${shard.index}/${shard.count}: thresholds are checked by \`voicemock coverage *.shard-*.json --min-outcomes …\`\n`);
    return;
  }
  const failed = shortfalls(report, options);
  if (failed.length > 0) {
    const error = new Error(`voicemock coverage below its thresholds:\n  ${failed.join('\n  ')}`);
    error.stack = error.message; // the reason, not vitest's internals
    throw error;
  }
}
