// Builds the test page with the project's bundler, in memory: index.html, main.js and msw's
// worker script as `npx voicemock init` writes it.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rolldown } from 'rolldown';
import { writeServiceWorker, WORKER_FILE } from '../../../src/cli/init.ts';

export async function buildPage(): Promise<Record<string, string>> {
  const bundle = await rolldown({ input: join(import.meta.dirname, 'main.ts'), platform: 'browser', logLevel: 'warn' });
  const { output } = await bundle.generate({ format: 'esm', codeSplitting: false });
  await bundle.close();
  const dir = await mkdtemp(join(tmpdir(), 'voicemock-public-'));
  try {
    const worker = await readFile(await writeServiceWorker(dir), 'utf8');
    return {
      '/index.html': await readFile(join(import.meta.dirname, 'index.html'), 'utf8'),
      '/main.js': (output[0] as { code: string }).code,
      [`/${WORKER_FILE}`]: worker,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
