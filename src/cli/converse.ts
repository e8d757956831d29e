// `voicemock converse <file|dir> --answer-url URL`: runs conversation scripts against the
// user's voice agent. The command is the provider: it starts an in-process voicemock (real
// clock, or --time-scale), sets up an app whose answer_url is the agent's, runs each script
// (--repeat times, --concurrency at once, this --shard of them), prints a table, writes JSON
// and JUnit, and exits 1 when an expectation was broken. `converse merge` joins shard reports.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createRealClock, createVoicemock } from '../index.ts';
import { nodeCapabilities } from '../http/node-capabilities.ts';
import { contextOf } from '../internal.ts';
import { parseShard } from '../load/plan.ts';
import { runBatch, type NamedScript } from '../converse/batch.ts';
import { formatConverseJunit, formatConverseTable, mergeConverseReports, type ConverseReport } from '../converse/report.ts';
import { DEFAULT_CONVERSE_LIMITS, parseScript, ScriptError, type ConverseLimits } from '../converse/script.ts';

/** One flag per limit, named from its key (maxScriptBytes: --max-script-bytes), so none can drift. */
const LIMIT_FLAGS = Object.keys(DEFAULT_CONVERSE_LIMITS).map((key) => ({
  key: key as keyof ConverseLimits,
  flag: key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
}));

function limitUsage(): string {
  return LIMIT_FLAGS.map(({ key, flag }) => `  --${`${flag} <n>`.padEnd(22)} Limit ${key} (default ${DEFAULT_CONVERSE_LIMITS[key]}; README "Limits and safety")`).join('\n');
}

export const CONVERSE_USAGE = `Usage: voicemock converse <file|dir> --answer-url URL [options]   test your SFVoPI agent with scripted callers
       voicemock converse merge a.json b.json … [--json out.json] [--junit out.xml]

  --answer-url <url>      Your agent's answer webhook (or call.answer_url in the script)
  --repeat <n>            Run each script n times (default 1)
  --concurrency <n>       Conversations at once (default 1, at most ${DEFAULT_CONVERSE_LIMITS.maxConcurrency})
  --shard <i/N>           Run conversations i, i+N… of scripts × repeat (merge the reports afterwards)
  --time-scale <x>        Mock seconds per real second (default 1)
  --json <file>           The report: per script, figures, conversations with their timelines
  --junit <file>          One test case per script, one failure per broken expectation
${limitUsage()}
Scripts are YAML or JSON (schema: voicemock/conversation.schema.json); a directory runs every
*.yaml, *.yml and *.json in it (at most ${DEFAULT_CONVERSE_LIMITS.maxScripts}).`;

const usage = (message: string) => Object.assign(new Error(message), { code: 'VOICEMOCK_USAGE' });
const SCRIPT_FILE = /\.(ya?ml|json)$/;

async function scriptFiles(path: string, limits: ConverseLimits): Promise<string[]> {
  const info = await stat(path).catch(() => null);
  if (!info) throw usage(`no such file or directory: ${path}`);
  if (!info.isDirectory()) return [path];
  const files = (await readdir(path)).filter((f) => SCRIPT_FILE.test(f)).sort().map((f) => join(path, f));
  if (files.length === 0) throw usage(`no *.yaml, *.yml or *.json scripts in ${path}`);
  if (files.length > limits.maxScripts) throw usage(`${files.length} scripts in ${path}, more than the limit of ${limits.maxScripts}`);
  return files;
}

export async function readScripts(paths: string[], limits: ConverseLimits = DEFAULT_CONVERSE_LIMITS): Promise<NamedScript[]> {
  const out: NamedScript[] = [];
  for (const path of paths) {
    for (const file of await scriptFiles(path, limits)) {
      const size = (await stat(file)).size;
      if (size > limits.maxScriptBytes) throw new ScriptError(`${file}: ${size} bytes, more than the limit of ${limits.maxScriptBytes}`);
      out.push({ source: file, script: parseScript(await readFile(file, 'utf8'), file, limits), baseDir: dirname(resolve(file)) });
    }
  }
  if (out.length > limits.maxScripts) throw usage(`${out.length} scripts, more than the limit of ${limits.maxScripts}`);
  return out;
}

function count(name: string, raw: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!(Number.isInteger(n) && n >= 1 && n <= max)) throw usage(`--${name} must be a whole number from 1 to ${max}, got "${raw}"`);
  return n;
}

async function writeOutputs(report: ConverseReport, json: string | undefined, junit: string | undefined): Promise<number> {
  process.stdout.write(formatConverseTable(report));
  if (json) await writeFile(json, JSON.stringify(report, null, 2) + '\n');
  if (junit) await writeFile(junit, formatConverseJunit(report));
  return report.passed ? 0 : 1;
}

async function mergeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { json: { type: 'string' }, junit: { type: 'string' } } });
  if (positionals.length === 0) throw usage('converse merge needs report files');
  const reports = await Promise.all(positionals.map(async (f) => JSON.parse(await readFile(f, 'utf8')) as ConverseReport));
  return writeOutputs(mergeConverseReports(reports), values.json, values.junit);
}

export async function converseCommand(argv: string[]): Promise<number> {
  if (argv[0] === 'merge') return mergeCommand(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: {
      'answer-url': { type: 'string' }, repeat: { type: 'string' }, concurrency: { type: 'string' }, shard: { type: 'string' },
      'time-scale': { type: 'string' }, json: { type: 'string' }, junit: { type: 'string' },
      ...Object.fromEntries(LIMIT_FLAGS.map(({ flag }) => [flag, { type: 'string' as const }])),
    },
  });
  const limits = { ...DEFAULT_CONVERSE_LIMITS };
  for (const { key, flag } of LIMIT_FLAGS) limits[key] = count(flag, (values as Record<string, string | undefined>)[flag], limits[key]);
  if (positionals.length === 0) throw usage('converse needs a script file or a directory of scripts');
  let shard;
  try {
    shard = values.shard === undefined ? undefined : parseShard(values.shard);
  } catch (e) {
    throw usage((e as Error).message);
  }
  const timeScale = values['time-scale'] === undefined ? 1 : Number(values['time-scale']);
  if (!(timeScale > 0)) throw usage(`--time-scale must be a positive number, got "${values['time-scale']}"`);
  const repeat = count('repeat', values.repeat, 1);
  const concurrency = count('concurrency', values.concurrency, 1, limits.maxConcurrency);
  const mock = await createVoicemock({ ...nodeCapabilities, clock: createRealClock(timeScale), seedDemoOrg: false });
  let report: ConverseReport;
  try {
    const scripts = await readScripts(positionals, limits);
    report = await runBatch({ ctx: contextOf(mock), fetch: mock.fetch }, scripts, {
      answerUrl: values['answer-url'], repeat, concurrency, shard, limits,
      onResult: (r) => process.stderr.write(`${r.passed ? 'pass' : 'FAIL'} ${r.script}\n`),
    });
  } catch (e) {
    if (e instanceof ScriptError) {
      process.stderr.write(`voicemock converse: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  return writeOutputs(report, values.json, values.junit);
}
