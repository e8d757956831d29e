// Child processes for tests, on the bench's helpers (bench/processes.ts): a free port, a node
// child with its output kept, readiness polling and a stop that always reaps it.
import type { ChildProcess } from 'node:child_process';
import { freePort, spawnNode, stop } from '../../bench/processes.ts';

export { freePort };

export interface Started {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<number | null>;
}

export function startProcess(args: string[], env: Record<string, string> = {}): Started {
  const spawned = spawnNode(args, { env });
  return { child: spawned.child, output: spawned.output, stop: () => stop(spawned) };
}

export async function waitForHttp(url: string, timeoutMs = 30_000, init?: RequestInit): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, init);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
