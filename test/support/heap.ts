// What the heap holds, after V8's collector has run (exposed here, at run time): for tests that
// assert what the server keeps, in bytes, with no timing in them.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export const MB = 2 ** 20;

/** Heap in use once everything unreachable is collected. */
export function heapInUse(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** How much more the heap holds after `work` than before it; `work` answers what the test keeps. */
export function heldAfter<T>(work: () => T): { held: number; kept: T } {
  const before = heapInUse();
  const kept = work();
  return { held: heapInUse() - before, kept };
}

/**
 * A string that takes its length in memory. `repeat` and `padEnd` build V8 rope strings whose
 * halves are shared, so a megabyte of them can take a few hundred bytes; a JSON round trip
 * makes one flat copy.
 */
export const flatString = (text: string): string => JSON.parse(JSON.stringify(text)) as string;
