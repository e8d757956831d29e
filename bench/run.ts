// `npm run bench`: voicemock against Prism over HTTP (start-up, throughput, latency), then the
// store at 100 and 100,000 Voxifi calls in-process, then mock.fetch against a bare msw handler. Bounded, local only (127.0.0.1), and it
// reaps every child it starts. Writes bench/results.json and prints a table.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runLoad, type LoadResult, type LoadSpec } from './load.ts';
import { cpuMsOf, freePort, reapOnExit, spawnNode, stop, timeToFirstAnswer, type Spawned } from './processes.ts';
import { checkTargets, render, type BenchResults, type StartupResult } from './report.ts';
import { measureStoreScale } from './store-scale.ts';
import { measureInProcess } from './in-process.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const prismBin = fileURLToPath(import.meta.resolve('@stoplight/prism-cli/dist/index.js'));
const HOST = '127.0.0.1';
const CONNECTIONS = 32;
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5000);
const WARMUP_MS = 1000;
const STARTUP_RUNS = 5;
const newApp = JSON.stringify({ name: 'Bench line', answer_url: 'https://example.com/answer' });

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function startVoicemock(entry: string, port: number): Promise<{ spawned: Spawned; ms: number }> {
  const spawned = spawnNode([entry, 'serve', '--port', String(port), '--host', HOST], { cwd: root });
  const ms = await timeToFirstAnswer(spawned, `http://${HOST}:${port}/__voicemock/health`);
  return { spawned, ms };
}

async function startPrism(port: number): Promise<{ spawned: Spawned; ms: number }> {
  const spawned = spawnNode([prismBin, 'mock', 'openapi.yaml', '-p', String(port), '-h', HOST], { cwd: root, env: { SCARF_ANALYTICS: 'false' } });
  const ms = await timeToFirstAnswer(spawned, `http://${HOST}:${port}/superfone/sfvopi/apps`, { 'x-api-key': 'any' }, 120_000);
  return { spawned, ms };
}

async function startupRuns(label: string, entry: string): Promise<StartupResult> {
  const runsMs: number[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const { spawned, ms } = await startVoicemock(entry, await freePort());
    runsMs.push(ms);
    await stop(spawned);
  }
  return { label, runsMs, medianMs: [...runsMs].sort((a, b) => a - b)[Math.floor(runsMs.length / 2)]! };
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
  startup.push(await startupRuns('voicemock (node src/cli.ts serve)', 'src/cli.ts'));
  startup.push(await startupRuns('voicemock (node bin/voicemock.js serve)', 'bin/voicemock.js'));
  // What `npm start` runs: the one-file bundle (built here first).
  execFileSync(process.execPath, ['bin/build.js'], { cwd: root, stdio: 'ignore' });
  startup.push(await startupRuns('voicemock bundled (npm start)', 'bin/voicemock-bundled.js'));

  log('voicemock under load');
  const vmPort = await freePort();
  const vm = await startVoicemock('bin/voicemock-bundled.js', vmPort);
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
  const store = [await measureStoreScale(100), await measureStoreScale(100_000)];

  log('in-process: mock.fetch, getResponse, a bare msw handler');
  const inProcess = await measureInProcess();

  const partial = {
    at: new Date().toISOString(),
    node: process.versions.node,
    cpus: availableParallelism(),
    loadAverage: loadavg(),
    startup,
    http,
    store,
    inProcess,
  };
  const results: BenchResults = { ...partial, targets: checkTargets(partial) };
  writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(render(results) + '\n');
}

await main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
