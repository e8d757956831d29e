#!/usr/bin/env node
// The `voicemock` command as installed: refuse an unsupported Node in one line, turn on Node's
// compile cache (a warm start then skips parsing and compiling), then run the one-file bundle
// that scripts/build.js makes at pack time. Plain JS that old Nodes can parse.
import module from 'node:module';

try {
  await import('../dist/supported-node.js');
} catch (error) {
  // The library throws; the command says why in one line and exits.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
module.enableCompileCache?.();
await import('../dist/cli.mjs');
