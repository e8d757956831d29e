// A small closed-loop load generator on node:http: N connections each send one request,
// wait for the whole answer, and send the next, for a fixed time. Only ever 127.0.0.1.
import { Agent, request } from 'node:http';

export interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  durationMs: number;
  /** Requests sent before measuring starts, so JIT warm-up and connection set-up are not counted. */
  warmupMs: number;
  /** CPU milliseconds the server has used so far, read at the start and end of measuring. */
  serverCpuMs?: () => number | null;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Answers outside 2xx, by status. */
  other: Record<string, number>;
  errors: number;
  /** Server CPU (user + system) per measured request: robust to a busy machine, unlike req/s. */
  serverCpuUsPerRequest: number | null;
}

function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1') throw new Error(`load tests only target 127.0.0.1, not ${host}`);
}

function once(agent: Agent, url: string, spec: LoadSpec, body: Buffer | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...spec.headers };
    if (body) headers['content-length'] = String(body.length);
    const req = request(url, { method: spec.method, headers, agent }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  assertLocal(spec.url);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const body = spec.body === undefined ? undefined : Buffer.from(spec.body);
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  const other: Record<string, number> = {};
  let errors = 0;
  const started = performance.now();
  const measureFrom = started + spec.warmupMs;
  const deadline = measureFrom + spec.durationMs;
  let cpuAtStart: number | null = null;
  const cpuTimer = setTimeout(() => (cpuAtStart = spec.serverCpuMs?.() ?? null), spec.warmupMs);

  const worker = async () => {
    for (;;) {
      const sent = performance.now();
      if (sent >= deadline) return;
      try {
        const status = await once(agent, spec.url, spec, body);
        const done = performance.now();
        if (sent < measureFrom) continue;
        if (count === latencies.length) {
          const grown = new Float64Array(latencies.length * 2);
          grown.set(latencies);
          latencies = grown;
        }
        latencies[count++] = done - sent;
        if (status < 200 || status > 299) other[status] = (other[status] ?? 0) + 1;
      } catch {
        errors++;
        if (errors > 1000) return; // the server is gone; stop rather than spin
      }
    }
  };
  await Promise.all(Array.from({ length: spec.connections }, worker));
  clearTimeout(cpuTimer);
  const cpuAtEnd = spec.serverCpuMs?.() ?? null;
  agent.destroy();
  const measured = latencies.subarray(0, count).sort();
  const at = (q: number) => (count === 0 ? NaN : measured[Math.min(count - 1, Math.floor(q * count))]!);
  return {
    requests: count,
    rps: count / (spec.durationMs / 1000),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: count === 0 ? NaN : measured[count - 1]!,
    other,
    errors,
    serverCpuUsPerRequest: cpuAtStart === null || cpuAtEnd === null || count === 0 ? null : ((cpuAtEnd - cpuAtStart) * 1000) / count,
  };
}
