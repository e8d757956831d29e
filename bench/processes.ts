// Child servers for the benchmark and the tests: free ports, time from spawn to the first answered request,
// and a stop that always reaps the process (SIGTERM, then SIGKILL).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';

const running = new Set<ChildProcess>();
const groups = new WeakSet<ChildProcess>();

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  if (groups.has(child) && child.pid !== undefined) {
    try {
      process.kill(-child.pid, name);
      return;
    } catch {
      // the group is gone already: fall through to the child itself
    }
  }
  child.kill(name);
}

/** Whatever happens to the bench, no server is left behind (tests, which share these helpers, stop their own). */
export function reapOnExit(): void {
  process.on('exit', () => {
    for (const child of running) signal(child, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => process.exit(130));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface Spawned {
  child: ChildProcess;
  spawnedAt: number;
  output(): string;
}

/** `group`: the child leads its own process group, and stop() and the reaper signal all of it (npx runs the server as a grandchild). */
export function spawnNode(args: string[], options: { cwd?: string; env?: Record<string, string>; group?: boolean } = {}): Spawned {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: options.group === true });
  if (options.group) groups.add(child);
  running.add(child);
  child.once('exit', () => running.delete(child));
  // Keep only the start of the output (Prism logs every request), but always drain the pipes.
  let out = '';
  const keep = (d: Buffer) => {
    if (out.length < 4000) out += d.toString();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, spawnedAt, output: () => out };
}

function answers(url: string, headers: Record<string, string>): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(url, { headers, agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(true));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** Milliseconds from spawn to the first HTTP answer (any status), polling every 5 ms. */
export async function timeToFirstAnswer(spawned: Spawned, url: string, headers: Record<string, string> = {}, timeoutMs = 60_000): Promise<number> {
  for (;;) {
    if (await answers(url, headers)) return performance.now() - spawned.spawnedAt;
    if (spawned.child.exitCode !== null || spawned.child.signalCode !== null) {
      throw new Error(`process exited before answering: ${spawned.output()}`);
    }
    if (performance.now() - spawned.spawnedAt > timeoutMs) throw new Error(`no answer from ${url} within ${timeoutMs} ms: ${spawned.output()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function stop(spawned: Spawned, graceMs = 5000): Promise<number | null> {
  const { child } = spawned;
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    const kill = setTimeout(() => signal(child, 'SIGKILL'), graceMs);
    child.once('exit', (code) => {
      clearTimeout(kill);
      // What the group's leader started goes with it (a no-op when nothing is left).
      if (groups.has(child)) signal(child, 'SIGKILL');
      resolve(code);
    });
    signal(child, 'SIGTERM');
  });
}

/** User + system CPU milliseconds of a process so far, from /proc (Linux; null elsewhere). */
export function cpuMsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, in clock ticks of 1/100 s (USER_HZ on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
