// `npm run bench`: voicemock against Prism over HTTP (start-up, throughput, latency), then the
// store at 100 and 100,000 Voxifi calls in-process, SFVoPI creates and lists with 10 or 10,000
// apps beside them, mock.fetch against a bare msw handler, and the browser bundle. Bounded, local
// only (127.0.0.1), and it reaps every child it starts. Writes bench/results.json (or `--out
// <file>`, relative to the current directory) and prints a table. BENCH_DURATION_MS shortens the
// load phases, BENCH_QUICK=1 the in-process ones (to check the script runs, not for figures).
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runLoad, type LoadResult, type LoadSpec } from './load.ts';
import { cpuMsOf, freePort, reapOnExit, spawnNode, stop, timeToFirstAnswer, type Spawned } from './processes.ts';
import { checkTargets, INSTALLED, NPX, render, type BenchResults, type StartupResult } from './report.ts';
import { childEnv, createConsumerProject, npmCli } from '../test/support/consumer-project.ts';
import { measureAppsScale, measureGrowingCreates, measureStoreScale } from './store-scale.ts';
import { measureBundle } from './bundle.ts';
import { measureInProcess } from './in-process.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const { values: args } = parseArgs({ options: { out: { type: 'string' } } });
/** A path as the user typed it: absolute, or relative to where they ran the command. */
const outFile = args.out === undefined ? join(root, 'bench/results.json') : resolve(args.out);
const QUICK = process.env.BENCH_QUICK === '1';
const prismBin = fileURLToPath(import.meta.resolve('@stoplight/prism-cli/dist/index.js'));
const HOST = '127.0.0.1';
const CONNECTIONS = 32;
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5000);
const WARMUP_MS = 1000;
const STARTUP_RUNS = QUICK ? 1 : 5;
const newApp = JSON.stringify({ name: 'Bench line', answer_url: 'https://example.com/answer' });

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** `command`: what runs before `serve`, through our node (a script, or npx and the package name). */
async function startVoicemock(command: string[], port: number, cwd = root, env?: Record<string, string>): Promise<{ spawned: Spawned; ms: number }> {
  // The POST phase creates tens of thousands of apps: past the default per-org limit it would time 500s.
  // Its own process group: stopping npx must stop the server it started too.
  const spawned = spawnNode([...command, 'serve', '--port', String(port), '--host', HOST, '--max-records-per-org', '100000000'], { cwd, env, group: true });
  const ms = await timeToFirstAnswer(spawned, `http://${HOST}:${port}/__voicemock/health`);
  return { spawned, ms };
}

async function startPrism(port: number): Promise<{ spawned: Spawned; ms: number }> {
  const spawned = spawnNode([prismBin, 'mock', 'openapi.yaml', '-p', String(port), '-h', HOST], { cwd: root, env: { SCARF_ANALYTICS: 'false' } });
  const ms = await timeToFirstAnswer(spawned, `http://${HOST}:${port}/superfone/sfvopi/apps`, { 'x-api-key': 'any' }, 120_000);
  return { spawned, ms };
}

async function startupRuns(label: string, command: string[], cwd = root, env?: Record<string, string>): Promise<StartupResult> {
  const runsMs: number[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const { spawned, ms } = await startVoicemock(command, await freePort(), cwd, env);
    runsMs.push(ms);
    await stop(spawned);
  }
  return { label, runsMs, medianMs: [...runsMs].sort((a, b) => a - b)[Math.floor(runsMs.length / 2)]! };
}

async function floorStartup(): Promise<StartupResult> {
  const runsMs: number[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const port = await freePort();
    const spawned = spawnNode(['bench/floor-server.ts', String(port)], { cwd: root });
    runsMs.push(await timeToFirstAnswer(spawned, `http://${HOST}:${port}/`));
    await stop(spawned);
  }
  return { label: 'floor: bare node:http (node bench/floor-server.ts)', runsMs, medianMs: [...runsMs].sort((a, b) => a - b)[Math.floor(runsMs.length / 2)]! };
}

async function reset(base: string): Promise<void> {
  const r = await fetch(`${base}/__voicemock/reset`, { method: 'POST' });
  if (r.status !== 200) throw new Error(`reset answered ${r.status}`);
}

async function loadPhases(spawned: Spawned, base: string, key: string, between?: () => Promise<void>): Promise<Record<'GET' | 'POST', LoadResult>> {
  const spec = (method: 'GET' | 'POST'): LoadSpec => ({
    url: `${base}/superfone/sfvopi/apps`,
    method,
    headers: method === 'POST' ? { 'x-api-key': key, 'content-type': 'application/json' } : { 'x-api-key': key },
    body: method === 'POST' ? newApp : undefined,
    connections: CONNECTIONS,
    durationMs: DURATION_MS,
    warmupMs: WARMUP_MS,
    serverCpuMs: () => cpuMsOf(spawned.child.pid),
  });
  await between?.();
  const get = await runLoad(spec('GET'));
  await between?.();
  const post = await runLoad(spec('POST'));
  await between?.();
  return { GET: get, POST: post };
}

async function main(): Promise<void> {
  reapOnExit();
  const http: BenchResults['http'] = [];
  const startup: StartupResult[] = [];

  log(`start-up, ${STARTUP_RUNS} runs each`);
  startup.push(await startupRuns('voicemock from the sources (node src/cli.ts serve)', ['src/cli.ts']));
  // What `npm start` runs: the one-file bundle (built here first).
  execFileSync(process.execPath, ['scripts/build.js', '--cli'], { cwd: root, stdio: 'ignore' });
  startup.push(await startupRuns('voicemock bundled (npm start)', ['scripts/start.js']));
  // What a user types, in a project with voicemock installed from the tarball: `npx voicemock
  // serve` (npx itself, then the launcher, then the bundle), and the bin directly.
  log('packing voicemock and installing it into a fresh project (offline)');
  const consumer = createConsumerProject();
  try {
    const env = childEnv() as Record<string, string>;
    startup.push(await startupRuns(NPX, [npmCli('npx'), 'voicemock'], consumer.dir, env));
    startup.push(await startupRuns(INSTALLED, [join(consumer.dir, 'node_modules/.bin/voicemock')], consumer.dir, env));
  } finally {
    rmSync(dirname(consumer.dir), { recursive: true, force: true });
  }
  // The floor: a bare node:http server, spawned the same way.
  startup.push(await floorStartup());

  log('voicemock under load');
  const vmPort = await freePort();
  const vm = await startVoicemock(['scripts/start.js'], vmPort);
  try {
    const line = vm.spawned.output();
    const key = /X-API-Key: (\S+)/.exec(line)?.[1];
    if (!key) throw new Error(`no demo key in the startup line: ${line}`);
    const base = `http://${HOST}:${vmPort}`;
    // Reset between phases so the POST phase's apps do not pile up in memory or in the GET list.
    const phases = await loadPhases(vm.spawned, base, key, () => reset(base));
    http.push({ server: 'voicemock', operation: 'GET', result: phases.GET }, { server: 'voicemock', operation: 'POST', result: phases.POST });
  } finally {
    await stop(vm.spawned);
  }

  log('Prism: start-up and load');
  const prPort = await freePort();
  const pr = await startPrism(prPort);
  startup.push({ label: 'prism mock openapi.yaml', runsMs: [pr.ms], medianMs: pr.ms });
  try {
    const phases = await loadPhases(pr.spawned, `http://${HOST}:${prPort}`, 'any');
    http.push({ server: 'prism', operation: 'GET', result: phases.GET }, { server: 'prism', operation: 'POST', result: phases.POST });
  } finally {
    await stop(pr.spawned);
  }

  log('floor: bare node:http with a fixed answer');
  const flPort = await freePort();
  const fl = spawnNode(['bench/floor-server.ts', String(flPort)], { cwd: root });
  try {
    await timeToFirstAnswer(fl, `http://${HOST}:${flPort}/`);
    const phases = await loadPhases(fl, `http://${HOST}:${flPort}`, 'any');
    http.push({ server: 'node:http floor', operation: 'GET', result: phases.GET }, { server: 'node:http floor', operation: 'POST', result: phases.POST });
  } finally {
    await stop(fl);
  }

  log('store scale, in-process');
  const store = [await measureStoreScale(100, QUICK ? 50 : 2000), await measureStoreScale(QUICK ? 1000 : 100_000, QUICK ? 50 : 2000)];

  log('SFVoPI create and list beside 10 and 10,000 other apps, and creates as the store grows');
  const apps = [await measureAppsScale(10, QUICK ? 50 : 2000), await measureAppsScale(10_000, QUICK ? 50 : 2000)];
  const growing = await measureGrowingCreates(QUICK ? 300 : 20_000, QUICK ? 100 : 1000);

  log('in-process: mock.fetch, getResponse, a bare msw handler');
  const inProcess = await measureInProcess(QUICK ? 200 : undefined);

  log('browser bundle: a page importing voicemock/browser');
  const bundle = await measureBundle();

  const partial = {
    at: new Date().toISOString(),
    node: process.versions.node,
    cpus: availableParallelism(),
    loadAverage: loadavg(),
    startup,
    http,
    store,
    apps,
    growing,
    inProcess,
    bundle,
  };
  const results: BenchResults = { ...partial, targets: checkTargets(partial) };
  writeFileSync(outFile, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(render(results) + '\n');
  log(`wrote ${outFile}`);
}

await main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
