// The benchmark's table and the targets from the issue, checked.
import type { LoadResult } from './load.ts';
import type { AppsScaleResult, GrowingResult, ScaleResult, Timing } from './store-scale.ts';
import { renderBundle, type BundleResults } from './bundle.ts';
import type { InProcessRow } from './in-process.ts';

export interface StartupResult {
  label: string;
  runsMs: number[];
  medianMs: number;
}

export interface BenchResults {
  at: string;
  node: string;
  cpus: number;
  loadAverage: number[];
  startup: StartupResult[];
  http: Array<{ server: 'voicemock' | 'prism' | 'node:http floor'; operation: string; result: LoadResult }>;
  store: ScaleResult[];
  /** SFVoPI create and list with other organisations' apps beside the caller's. */
  apps?: AppsScaleResult[];
  growing?: GrowingResult;
  bundle?: BundleResults;
  /** One request at a time, in-process, with a bare msw handler as the floor. */
  inProcess?: InProcessRow[];
  targets: Array<{ target: string; value: string; met: boolean | null }>;
}

const f = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits));

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

const timing = (t: Timing | null, key: keyof Timing) => (t ? f(t[key] as number) : 'n/a');
const three = (t: Timing) => `${f(t.meanUs)} / ${f(t.p50Us)} / ${f(t.p99Us)}`;

export function render(results: BenchResults): string {
  const out: string[] = [];
  out.push(`voicemock bench — ${results.at}, Node ${results.node}, ${results.cpus} CPUs, load average ${results.loadAverage.map((l) => l.toFixed(2)).join(' ')}`);
  out.push('', 'Spawn → first answered request (ms)');
  out.push(table([['process', 'median', 'runs'], ...results.startup.map((s) => [s.label, f(s.medianMs, 0), s.runsMs.map((r) => r.toFixed(0)).join(' ')])]));
  out.push('', 'HTTP, 32 keep-alive connections, closed loop');
  out.push(table([
    ['server / operation', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'server CPU µs/req', 'non-2xx', 'errors'],
    ...results.http.map((h) => [
      `${h.server} ${h.operation}`, f(h.result.rps, 0), f(h.result.p50Ms, 2), f(h.result.p99Ms, 2), f(h.result.maxMs, 1),
      h.result.serverCpuUsPerRequest === null ? 'n/a' : f(h.result.serverCpuUsPerRequest, 0),
      Object.entries(h.result.other).map(([s, n]) => `${s}×${n}`).join(' ') || '0', String(h.result.errors),
    ]),
  ]));
  out.push('', 'In-process mock.fetch over stored Voxifi calls (µs; mean / p50 / p99)');
  out.push(table([
    ['calls', 'heap Δ MB', 'B/call', 'insert ms', 'get-by-id', 'list page 1', 'list deep page'],
    ...results.store.map((s) => [
      String(s.calls), f(s.heapDeltaMb, 2), f(s.bytesPerCall, 0), f(s.insertMs, 0),
      `${timing(s.getById, 'meanUs')} / ${timing(s.getById, 'p50Us')} / ${timing(s.getById, 'p99Us')}`,
      `${timing(s.listFirstPage, 'meanUs')} / ${timing(s.listFirstPage, 'p50Us')} / ${timing(s.listFirstPage, 'p99Us')}`,
      `${timing(s.listDeepPage, 'meanUs')} / ${timing(s.listDeepPage, 'p50Us')} / ${timing(s.listDeepPage, 'p99Us')}`,
    ]),
  ]));
  if (results.apps) {
    out.push('', 'In-process SFVoPI apps: create (store held at its size) and list of the caller\'s 10 (µs; mean / p50 / p99)');
    out.push(table([
      ['other apps in the store', 'create', 'list'],
      ...results.apps.map((a) => [String(a.beside), three(a.create), three(a.list)]),
    ]));
  }
  if (results.growing) {
    const g = results.growing;
    out.push('', `In-process SFVoPI create as one organisation grows to ${g.creates} apps (µs; mean / p50 / p99)`);
    out.push(table([['creates', 'timing'], [`first ${g.window}`, three(g.first)], [`last ${g.window}`, three(g.last)]]));
  }
  if (results.inProcess) {
    out.push('', 'In-process, one request at a time (µs)');
    out.push(table([['path', 'mean', 'p50', 'p99'], ...results.inProcess.map((r) => [r.label, f(r.meanUs), f(r.p50Us), f(r.p99Us)])]));
  }
  if (results.bundle) out.push('', 'Browser bundle: a page importing voicemock/browser, minified (kB = 1000 bytes)', renderBundle(results.bundle));
  out.push('', 'Targets');
  out.push(table([['target', 'measured', 'met'], ...results.targets.map((t) => [t.target, t.value, t.met === null ? 'n/a' : t.met ? 'yes' : 'NO'])]));
  return out.join('\n');
}

/** The installed `voicemock` command run directly; its target is stricter. */
export const INSTALLED = 'voicemock installed, the bin directly (node_modules/.bin/voicemock serve)';
/** What a user types in a project with voicemock installed (npx itself costs most of it). */
export const NPX = 'voicemock installed, as a user types it (npx voicemock serve)';

export function checkTargets(results: Omit<BenchResults, 'targets'>): BenchResults['targets'] {
  const rps = (server: string, op: string) => results.http.find((h) => h.server === server && h.operation === op)?.result;
  const targets: BenchResults['targets'] = [];
  for (const op of ['GET', 'POST']) {
    const vm = rps('voicemock', op);
    const pr = rps('prism', op);
    const ratio = vm && pr ? vm.rps / pr.rps : NaN;
    const cpu = vm?.serverCpuUsPerRequest && pr?.serverCpuUsPerRequest ? pr.serverCpuUsPerRequest / vm.serverCpuUsPerRequest : NaN;
    targets.push({ target: `req/s ≥ 10× Prism (${op} /superfone/sfvopi/apps)`, value: `${f(ratio, 1)}× (server CPU per request: ${f(cpu, 1)}× less)`, met: Number.isNaN(ratio) ? null : ratio >= 10 });
    targets.push({ target: `p99 < 10 ms at 32 connections (${op})`, value: `${f(vm?.p99Ms, 2)} ms`, met: vm ? vm.p99Ms < 10 : null });
  }
  for (const s of results.startup.filter((x) => x.label.startsWith('voicemock') && x.label !== NPX)) {
    const limit = s.label === INSTALLED ? 150 : 300;
    targets.push({ target: `first answer ${limit === 150 ? '≤' : '<'} ${limit} ms after spawn (${s.label})`, value: `${f(s.medianMs, 0)} ms median`, met: limit === 150 ? s.medianMs <= limit : s.medianMs < limit });
  }
  const row = (label: string) => results.inProcess?.find((r) => r.label.startsWith(label));
  const fetchGet = row('mock.fetch GET');
  if (fetchGet) targets.push({ target: 'mock.fetch GET of one app ≤ 40 µs (p50)', value: `${f(fetchGet.p50Us)} µs (bare msw handler: ${f(row('bare msw')?.p50Us)} µs)`, met: fetchGet.p50Us <= 40 });
  const postCpu = rps('voicemock', 'POST')?.serverCpuUsPerRequest;
  const floorCpu = rps('node:http floor', 'POST')?.serverCpuUsPerRequest;
  if (postCpu && floorCpu) targets.push({ target: 'POST server CPU ≤ 2× the bare node:http floor', value: `${f(postCpu / floorCpu, 2)}× (${f(postCpu, 0)} vs ${f(floorCpu, 0)} µs/req)`, met: postCpu / floorCpu <= 2 });
  const beside = (n: number) => results.apps?.find((a) => a.beside === n);
  const [few, many] = [beside(10), beside(10_000)];
  if (few && many) {
    const ratio = (k: 'create' | 'list') => many[k].p50Us / few[k].p50Us;
    targets.push({ target: 'create and list with 10,000 other apps within 1.5× of 10 (p50)', value: `create ${f(ratio('create'), 2)}×, list ${f(ratio('list'), 2)}×`, met: ratio('create') <= 1.5 && ratio('list') <= 1.5 });
  }
  const gzip = results.bundle?.total.gzipBytes;
  if (gzip !== undefined) targets.push({ target: 'browser page with voicemock/browser ≤ 250 kB gzip', value: `${f(gzip / 1000)} kB`, met: gzip <= 250_000 });
  const small = results.store.find((s) => s.calls === 100)?.getById;
  const large = results.store.find((s) => s.calls === 100_000)?.getById;
  const p50 = small && large ? large.p50Us / small.p50Us : NaN;
  const mean = small && large ? large.meanUs / small.meanUs : NaN;
  targets.push({ target: 'get-by-id at 100,000 calls within 2× of 100', value: `${f(p50, 2)}× p50, ${f(mean, 2)}× mean`, met: Number.isNaN(p50) ? null : p50 <= 2 });
  return targets;
}
