// The benchmark's table and the targets from the issue, checked.
import type { LoadResult } from './load.ts';
import type { ScaleResult, Timing } from './store-scale.ts';
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
  if (results.inProcess) {
    out.push('', 'In-process, one request at a time (µs)');
    out.push(table([['path', 'mean', 'p50', 'p99'], ...results.inProcess.map((r) => [r.label, f(r.meanUs), f(r.p50Us), f(r.p99Us)])]));
  }
  out.push('', 'Targets');
  out.push(table([['target', 'measured', 'met'], ...results.targets.map((t) => [t.target, t.value, t.met === null ? 'n/a' : t.met ? 'yes' : 'NO'])]));
  return out.join('\n');
}

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
  for (const s of results.startup.filter((x) => x.label.startsWith('voicemock'))) {
    targets.push({ target: `first answer < 300 ms after spawn (${s.label})`, value: `${f(s.medianMs, 0)} ms median`, met: s.medianMs < 300 });
  }
  const row = (label: string) => results.inProcess?.find((r) => r.label.startsWith(label));
  const fetchGet = row('mock.fetch GET');
  if (fetchGet) targets.push({ target: 'mock.fetch GET of one app ≤ 40 µs (p50)', value: `${f(fetchGet.p50Us)} µs (bare msw handler: ${f(row('bare msw')?.p50Us)} µs)`, met: fetchGet.p50Us <= 40 });
  const postCpu = rps('voicemock', 'POST')?.serverCpuUsPerRequest;
  const floorCpu = rps('node:http floor', 'POST')?.serverCpuUsPerRequest;
  if (postCpu && floorCpu) targets.push({ target: 'POST server CPU ≤ 2× the bare node:http floor', value: `${f(postCpu / floorCpu, 2)}× (${f(postCpu, 0)} vs ${f(floorCpu, 0)} µs/req)`, met: postCpu / floorCpu <= 2 });
  const small = results.store.find((s) => s.calls === 100)?.getById;
  const large = results.store.find((s) => s.calls === 100_000)?.getById;
  const p50 = small && large ? large.p50Us / small.p50Us : NaN;
  const mean = small && large ? large.meanUs / small.meanUs : NaN;
  targets.push({ target: 'get-by-id at 100,000 calls within 2× of 100', value: `${f(p50, 2)}× p50, ${f(mean, 2)}× mean`, met: Number.isNaN(p50) ? null : p50 <= 2 });
  return targets;
}
