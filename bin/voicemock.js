#!/usr/bin/env node
// The `voicemock` command as installed: refuse an unsupported Node in one line, turn on Node's
// compile cache (a warm start then skips parsing and compiling), then run the one-file bundle
// that scripts/build.js makes at pack time. Plain JS that old Nodes can parse.
import module from 'node:module';

await import('../dist/supported-node.js');
module.enableCompileCache?.();
await import('../dist/cli.mjs');
