// `npm start` is one node process under npm (`exec`, no shell chain), so the SIGTERM that npm
// passes on stops the server: nothing is left serving.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { childEnv, npmCli } from '../support/consumer-project.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('npm start', () => {
  it('serves the CLI bundle, and SIGTERM to npm stops the server', async () => {
    const npm = spawn(process.execPath, [npmCli(), 'start', '--', '--port', '0'], { cwd: root, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const seen = (d: Buffer) => {
          out += d;
          const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
          if (found) resolve(found);
        };
        npm.stdout.on('data', seen);
        npm.stderr.on('data', (d) => (out += d));
        npm.once('exit', (code) => reject(new Error(`npm start exited ${code}: ${out}`)));
      });
      expect((await fetch(`${url}/__voicemock/health`)).status).toBe(200);
      const exited = new Promise((resolve) => npm.once('exit', resolve));
      npm.kill('SIGTERM');
      await exited;
      // The server closes its listener before it exits; poll until it refuses (bounded by the test timeout).
      for (;;) {
        const refused = await fetch(`${url}/__voicemock/health`, { headers: { connection: 'close' } }).then(() => false, () => true);
        if (refused) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
    }
  }, 60_000);
});
