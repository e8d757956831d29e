// `voicemock coverage a.json b.json …`: merges coverage reports (shards, workers, servers),
// prints the table grouped by provider and operation, and exits 1 below a threshold.
// Also what `voicemock serve --coverage-out` writes on exit.
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import Ajv2020Module from 'ajv/dist/2020.js';
import { mergeReports, reportTable, shortfalls, type CoverageReport, type Thresholds } from '../core/coverage/report.ts';
import type { Voicemock } from '../index.ts';
// Imported, not read from disk, so the bundled command carries it too.
import reportSchema from '../../coverage.schema.json' with { type: 'json' };

type AjvClass = typeof import('ajv/dist/2020.js').default;
const Ajv2020 = ((Ajv2020Module as unknown as { default?: AjvClass }).default ?? Ajv2020Module) as AjvClass;

export const COVERAGE_USAGE = `Usage: voicemock coverage <report.json>… [options]

Merges coverage reports (from --coverage-out, GET /__voicemock/coverage, voicemock/vitest),
prints what was faced and how to face the rest, and exits 1 below a threshold.

  --min-outcomes <n%>     Least share of documented outcomes faced, e.g. 80%
  --min-operations <n%>   Least share of operations with an outcome faced
  --require <names>       Outcomes that must have been faced, comma-separated: scenario names
                          (link-conflict), ids ("linkNumber 409 link-conflict") or "<operation> <status>"
  --missing               List only the outcomes not faced
  --junit <file>          Also write JUnit XML (one case per outcome; not faced = skipped)
  --out <file>            Also write the merged report
  -h, --help              Show this help`;

const usage = (message: string) => Object.assign(new Error(message), { code: 'VOICEMOCK_USAGE' });

export function parsePercent(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw.trim().replace(/%$/, ''));
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw usage(`--${name} must be a percentage from 0 to 100, got "${raw}"`);
  return n;
}

let validate: ReturnType<InstanceType<AjvClass>['compile']> | undefined;

/** A report read from a file, checked against coverage.schema.json. */
export async function readReport(file: string): Promise<CoverageReport> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw usage(`cannot read ${file}: ${(e as Error).message}`);
  }
  validate ??= new Ajv2020({ allErrors: false, strict: false }).compile(reportSchema);
  if (!validate(data)) {
    const error = validate.errors?.[0];
    throw usage(`${file} is not a voicemock coverage report: ${error?.instancePath || '/'} ${error?.message ?? ''}`);
  }
  return data as CoverageReport;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function coverageJunit(report: CoverageReport, failed: string[]): string {
  const cases = report.items.map((item) => {
    const name = escapeXml(`${item.status ?? ''} ${item.message ?? item.id}`.trim());
    const open = `  <testcase classname="${escapeXml(`${item.provider}.${item.operation}`)}" name="${name}"`;
    return item.faced > 0 ? `${open}/>` : `${open}>\n    <skipped message="${escapeXml(`not faced: ${item.how}`)}"/>\n  </testcase>`;
  });
  const thresholds = `  <testcase classname="voicemock.coverage" name="thresholds"${failed.length ? `>\n    <failure message="${escapeXml(failed.join('; '))}"/>\n  </testcase>` : '/>'}`;
  const skipped = report.items.filter((i) => i.faced === 0).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="voicemock coverage" tests="${report.items.length + 1}" failures="${failed.length ? 1 : 0}" errors="0" skipped="${skipped}">`,
    ...cases,
    thresholds,
    '</testsuite>',
    '',
  ].join('\n');
}

export async function coverageCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      'min-outcomes': { type: 'string' },
      'min-operations': { type: 'string' },
      require: { type: 'string', multiple: true },
      missing: { type: 'boolean' },
      junit: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (positionals.length === 0) throw usage('give at least one report file');
  const thresholds: Thresholds = {
    minOutcomes: parsePercent('min-outcomes', values['min-outcomes']),
    minOperations: parsePercent('min-operations', values['min-operations']),
    require: (values.require ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean),
  };
  const report = mergeReports(await Promise.all(positionals.map(readReport)));
  const failed = shortfalls(report, thresholds);
  process.stdout.write(reportTable(report, { onlyMissing: values.missing }) + '\n');
  if (values.junit) await writeFile(values.junit, coverageJunit(report, failed));
  if (values.out) await writeFile(values.out, JSON.stringify(report, null, 2) + '\n');
  for (const line of failed) process.stderr.write(`voicemock coverage: ${line}\n`);
  return failed.length > 0 ? 1 : 0;
}

/** `serve --coverage-out`: the mock's report, written when the server stops. */
export async function writeCoverage(mock: Voicemock, file: string): Promise<void> {
  await writeFile(file, JSON.stringify(mock.coverage(), null, 2) + '\n');
}
