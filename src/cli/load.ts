// `voicemock load`: load-tests the user's voice agent. The command is the provider: it starts
// an in-process voicemock (real clock, or --time-scale), sets up an app whose answer_url is the
// agent's, runs the plan (or this shard of it), prints a live progress line and a summary,
// writes JSON/JUnit, and exits 1 when a threshold is crossed. `voicemock load merge` combines
// the JSON reports of shards.
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createVoicemock, createRealClock, type Voicemock } from '../index.ts';
import { nodeCapabilities } from '../http/node-capabilities.ts';
import { contextOf } from '../internal.ts';
import { DEFAULT_PLAN, parseShard, type LoadPlan } from '../load/plan.ts';
import { LoadPlanError, startSfvopiLoad, type LoadRun } from '../load/runner.ts';
import { buildReport, formatJunit, formatTable, mergeReports, unknownThreshold, type LoadReport, type ThresholdSpec } from '../load/report.ts';
import { summarize } from '../load/histogram.ts';
import { startVoxifiLoad, type VoxifiLoadPlan } from '../load/voxifi-runner.ts';
import { metricsListener } from '../load/metrics-hub.ts';
import type { CallerAudio } from '../sfvopi/engine/caller-audio.ts';

export const LOAD_USAGE = `Usage: voicemock load --answer-url URL [options]        load-test your SFVoPI agent
       voicemock load --provider voxifi --webhook-url URL [options]
       voicemock load merge a.json b.json … [--json out.json] [--junit out.xml] [--max-… N]

The plan:
  --calls <n>               Calls to place (default ${DEFAULT_PLAN.calls})
  --rate <n>                New calls per second: the ramp (default ${DEFAULT_PLAN.rate_per_second})
  --hold <s>                Seconds each call stays on once answered (default ${DEFAULT_PLAN.hold_seconds})
  --hangup-between <a-b>    Hang up at a random point between a and b seconds instead
  --audio <what>            Caller audio: silence, tone[:HZ] or a WAV file path (default silence)
  --utterance-end-ms <n>    When the caller's utterance ends (default: the end of the WAV's speech;
                            a tone lasts 1000 ms; silence: 0, the time to the agent's first audio)
  --late-after-ms <n>       A playAudio frame is late when the audio before it ran out this long before (default 20)
  --direction <d>           inbound (default): calls to a number linked to your app; outbound: POST /calls
  --answer-url <url>        Your answer webhook (SFVoPI)
  --fallback-answer-url <url>, --hangup-url <url>
  --seed <n>                Seed for the random hang-ups (default 1)
  --shard <i/N>             Run calls i, i+N, i+2N… of the plan (merge the reports afterwards)
  --time-scale <x>          Mock seconds per real second (default 1)
  --metrics-port <n>        Serve the mock, /__voicemock/metrics included, on 127.0.0.1:<n> while it runs
Voxifi (--provider voxifi): a campaign of --calls contacts, --concurrency <n> at once (default 10),
  signed webhooks to --webhook-url; reports delivery latency, retries and dead letters.
Output:
  --json <file>             The report; its JSON Schema: node_modules/voicemock/src/load/report.schema.json
  --junit <file>            One test case per threshold
  --max-<measure> <n>       A threshold, e.g. --max-p99-response-ms 800, --max-p50-answer-webhook-ms 200,
                            --max-failed-calls 0, --max-late-frames 0, --max-dead-letters 0.
                            Crossing one makes the run exit 1.`;

const usage = (message: string) => Object.assign(new Error(message), { code: 'VOICEMOCK_USAGE' });

/** `--max-…` options are open-ended, so they are taken out before parseArgs sees the rest. */
export function takeThresholds(argv: string[]): { rest: string[]; thresholds: ThresholdSpec[] } {
  const rest: string[] = [];
  const thresholds: ThresholdSpec[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--(max-[a-z0-9-]+)(?:=(.*))?$/.exec(arg);
    if (!m) {
      rest.push(arg);
      continue;
    }
    const raw = m[2] ?? argv[++i];
    const limit = Number(raw);
    if (raw === undefined || raw.trim() === '' || !Number.isFinite(limit)) throw usage(`--${m[1]} needs a number, got "${raw ?? ''}"`);
    thresholds.push({ name: m[1]!, limit });
  }
  return { rest, thresholds };
}

function num(name: string, raw: string | undefined, fallback: number, ok: (n: number) => boolean = (n) => n >= 0): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !ok(n)) throw usage(`--${name} got "${raw}"`);
  return n;
}

export function parseAudio(raw: string | undefined): CallerAudio {
  if (raw === undefined || raw === 'silence') return { type: 'silence' };
  const tone = /^tone(?::(\d+(?:\.\d+)?))?$/.exec(raw);
  if (tone) return { type: 'tone', frequency_hz: tone[1] ? Number(tone[1]) : 440 };
  return { type: 'wav', path: raw };
}

function checkThresholds(provider: 'sfvopi' | 'voxifi', thresholds: ThresholdSpec[]): void {
  const unknown = unknownThreshold(provider, thresholds);
  if (unknown) throw usage(`unknown threshold --${unknown.name}`);
}

async function writeOutputs(report: LoadReport, json: string | undefined, junit: string | undefined): Promise<number> {
  process.stdout.write(formatTable(report));
  if (json) await writeFile(json, JSON.stringify(report, null, 2) + '\n');
  if (junit) await writeFile(junit, formatJunit(report));
  return report.passed ? 0 : 1;
}

async function mergeCommand(argv: string[], thresholds: ThresholdSpec[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { json: { type: 'string' }, junit: { type: 'string' } } });
  if (positionals.length === 0) throw usage('load merge needs report files');
  const reports: LoadReport[] = [];
  for (const file of positionals) {
    try {
      reports.push(JSON.parse(await readFile(file, 'utf8')) as LoadReport);
    } catch (e) {
      process.stderr.write(`cannot read ${file}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  let merged: LoadReport;
  try {
    merged = mergeReports(reports, thresholds.length > 0 ? thresholds : undefined);
  } catch (e) {
    process.stderr.write(`voicemock load merge: ${(e as Error).message}\n`);
    return 2;
  }
  return writeOutputs(merged, values.json, values.junit);
}

const api = (mock: Voicemock) => (request: Request) => mock.fetch(request);

async function apiJson(mock: Voicemock, method: string, path: string, headers: Record<string, string>, body: unknown): Promise<any> {
  const response = await api(mock)(new Request(`http://127.0.0.1${path}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  const parsed = await response.json().catch(() => null);
  if (response.status !== 200) throw new LoadPlanError(`${method} ${path} answered ${response.status}: ${JSON.stringify(parsed)}`);
  return parsed;
}

function progressPrinter(run: LoadRun, label: string, extra: () => string): () => void {
  const tty = process.stderr.isTTY;
  let last = 0;
  const print = (final = false) => {
    const p = run.progress();
    const line = `${label} ${p.started}/${p.planned} started, ${p.active} active, ${p.completed} completed, ${p.failed} failed${extra()}`;
    if (tty) process.stderr.write(`\r\x1b[K${line}${final ? '\n' : ''}`);
    else if (final || performance.now() - last >= 5000) {
      last = performance.now();
      process.stderr.write(`${line}\n`);
    }
  };
  const timer = setInterval(print, 250);
  return () => {
    clearInterval(timer);
    print(true);
  };
}

const ms = (v: number | null) => (v === null ? '—' : `${Math.round(v)} ms`);

export async function loadCommand(argv: string[]): Promise<number> {
  const { rest, thresholds } = takeThresholds(argv);
  if (rest[0] === 'merge') return mergeCommand(rest.slice(1), thresholds);
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      provider: { type: 'string', default: 'sfvopi' },
      direction: { type: 'string', default: 'inbound' },
      'answer-url': { type: 'string' },
      'fallback-answer-url': { type: 'string' },
      'hangup-url': { type: 'string' },
      'webhook-url': { type: 'string' },
      calls: { type: 'string' },
      rate: { type: 'string' },
      hold: { type: 'string' },
      'hangup-between': { type: 'string' },
      audio: { type: 'string' },
      'utterance-end-ms': { type: 'string' },
      'late-after-ms': { type: 'string' },
      concurrency: { type: 'string' },
      seed: { type: 'string' },
      shard: { type: 'string' },
      'time-scale': { type: 'string' },
      'metrics-port': { type: 'string' },
      json: { type: 'string' },
      junit: { type: 'string' },
    },
  });
  const provider = values.provider;
  if (provider !== 'sfvopi' && provider !== 'voxifi') throw usage(`--provider must be sfvopi or voxifi, got "${provider}"`);
  checkThresholds(provider, thresholds);
  let shard = DEFAULT_PLAN.shard;
  if (values.shard !== undefined) {
    try { shard = parseShard(values.shard); } catch (e) { throw usage((e as Error).message); }
  }
  let hangupBetween: [number, number] | null = null;
  if (values['hangup-between'] !== undefined) {
    const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(values['hangup-between']);
    if (!m || Number(m[1]) > Number(m[2])) throw usage(`--hangup-between must be a-b seconds, got "${values['hangup-between']}"`);
    hangupBetween = [Number(m[1]), Number(m[2])];
  }
  const common = {
    calls: num('calls', values.calls, DEFAULT_PLAN.calls, (n) => Number.isInteger(n) && n >= 1),
    rate_per_second: num('rate', values.rate, DEFAULT_PLAN.rate_per_second, (n) => n > 0),
    seed: num('seed', values.seed, DEFAULT_PLAN.seed, Number.isSafeInteger),
    shard,
  };
  const timeScale = num('time-scale', values['time-scale'], 1, (n) => n > 0);
  const mock = await createVoicemock({ ...nodeCapabilities, clock: createRealClock(timeScale), seedDemoOrg: false });
  const server = values['metrics-port'] === undefined
    ? null
    : await (await import('../http/node-server.ts')).startServer({ mock, port: num('metrics-port', values['metrics-port'], 0, (n) => Number.isInteger(n) && n <= 65535) });
  if (server) process.stderr.write(`metrics at ${server.url}/__voicemock/metrics\n`);
  let run: LoadRun;
  let planView: Record<string, unknown>;
  let extra: () => string;
  try {
    if (provider === 'sfvopi') {
      const answerUrl = values['answer-url'];
      if (!answerUrl) throw usage('--answer-url is required (your answer webhook)');
      const direction = values.direction;
      if (direction !== 'inbound' && direction !== 'outbound') throw usage(`--direction must be inbound or outbound, got "${direction}"`);
      const number = '+918000000001';
      const org = await mock.createOrg({ name: 'Load test', sfvopi: { numbers: [number] } });
      const key = { 'x-api-key': org.sfvopi.api_key };
      const app = await apiJson(mock, 'POST', '/superfone/sfvopi/apps', key, {
        name: 'Load test', answer_url: answerUrl,
        ...(values['fallback-answer-url'] ? { fallback_answer_url: values['fallback-answer-url'] } : {}),
        ...(values['hangup-url'] ? { hangup_url: values['hangup-url'] } : {}),
      });
      await apiJson(mock, 'POST', `/superfone/sfvopi/apps/${app.data.app_id}/numbers`, key, { voip_number: number });
      const plan: LoadPlan = {
        ...DEFAULT_PLAN,
        ...common,
        target: direction === 'inbound'
          ? { provider: 'sfvopi', direction, to: number }
          : { provider: 'sfvopi', direction, from: number, answer_url: answerUrl, api_key: org.sfvopi.api_key },
        hold_seconds: num('hold', values.hold, DEFAULT_PLAN.hold_seconds),
        hangup_between_seconds: hangupBetween,
        audio: parseAudio(values.audio),
        utterance_end_ms: values['utterance-end-ms'] === undefined ? null : num('utterance-end-ms', values['utterance-end-ms'], 0),
        late_after_ms: num('late-after-ms', values['late-after-ms'], DEFAULT_PLAN.late_after_ms),
      };
      run = await startSfvopiLoad(contextOf(mock), plan, { api: api(mock), listener: await metricsListener(contextOf(mock), 'sfvopi') });
      const { api_key: _k, ...target } = plan.target;
      planView = { ...plan, target: { ...target, answer_url: answerUrl } };
      extra = () => {
        const s = summarize(run.results().histograms.response_ms!);
        return s.count === 0 ? '' : ` · response p50 ${ms(s.p50_ms)} p99 ${ms(s.p99_ms)}`;
      };
    } else {
      const webhookUrl = values['webhook-url'];
      if (!webhookUrl) throw usage('--webhook-url is required (your Voxifi webhook endpoint)');
      const plan: VoxifiLoadPlan = { calls: common.calls, seed: common.seed, shard, webhook_url: webhookUrl, concurrency: num('concurrency', values.concurrency, 10, (n) => Number.isInteger(n) && n >= 1) };
      run = await startVoxifiLoad(contextOf(mock), plan, { api: api(mock), listener: await metricsListener(contextOf(mock), 'voxifi') });
      planView = { ...plan };
      extra = () => {
        const c = run.results().counters;
        return ` · ${c.delivered ?? 0} delivered, ${c.retries ?? 0} retries, ${c.dead_letters ?? 0} dead letters`;
      };
    }
  } catch (e) {
    await server?.close();
    if (e instanceof LoadPlanError) {
      process.stderr.write(`voicemock load: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const stopProgress = progressPrinter(run, `load ${provider}`, extra);
  const interrupt = () => run.cancel();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const results = await run.done;
  process.off('SIGINT', interrupt);
  process.off('SIGTERM', interrupt);
  stopProgress();
  await server?.close();
  const report = buildReport({
    provider, plan: planView, shards: [shard], startedAt: run.startedAt, finishedAt: run.finishedAt ?? mock.clock.now(),
    status: run.progress().status === 'cancelled' ? 'cancelled' : 'completed', results, thresholds,
  });
  return writeOutputs(report, values.json, values.junit);
}
