// `voicemock init <publicDir>` writes msw's own worker script, byte for byte, so the page's msw
// and its worker are one version (msw refuses a mismatched worker on start).
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('voicemock init', () => {
  it('writes mockServiceWorker.js from the msw voicemock depends on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'voicemock-init-'));
    try {
      const out = spawnSync(process.execPath, ['src/cli.ts', 'init', join(dir, 'public')], { cwd: root, encoding: 'utf8', timeout: 15_000 });
      expect(out.status, out.stderr).toBe(0);
      expect(out.stdout).toContain('mockServiceWorker.js');
      const written = await readFile(join(dir, 'public', 'mockServiceWorker.js'), 'utf8');
      const msw = createRequire(import.meta.url);
      expect(written).toBe(await readFile(msw.resolve('msw/mockServiceWorker.js'), 'utf8'));
      expect(written).toContain(`PACKAGE_VERSION = '${msw('msw/package.json').version}'`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('without a folder: usage and exit code 2', () => {
    const out = spawnSync(process.execPath, ['src/cli.ts', 'init'], { cwd: root, encoding: 'utf8', timeout: 15_000 });
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('init takes one argument');
  });
});
