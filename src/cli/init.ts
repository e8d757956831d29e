// `voicemock init <publicDir>`: writes msw's service worker script, mockServiceWorker.js, into
// the folder a dev server serves from. It is copied from the msw package voicemock depends on,
// so the worker and the page's msw are always the same version (msw checks this on start).
import { createRequire } from 'node:module';
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const WORKER_FILE = 'mockServiceWorker.js';

/** Returns the path written. */
export async function writeServiceWorker(publicDir: string): Promise<string> {
  const source = createRequire(import.meta.url).resolve(`msw/${WORKER_FILE}`);
  const dir = resolve(publicDir);
  await mkdir(dir, { recursive: true });
  const target = join(dir, WORKER_FILE);
  await copyFile(source, target);
  return target;
}

export async function initCommand(args: string[]): Promise<void> {
  const [dir, ...extra] = args;
  if (dir === undefined || extra.length > 0) {
    throw Object.assign(new Error('init takes one argument: the public folder to write mockServiceWorker.js into'), { code: 'VOICEMOCK_USAGE' });
  }
  const written = await writeServiceWorker(dir);
  process.stdout.write(`wrote ${written}\n`);
}
