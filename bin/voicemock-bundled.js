#!/usr/bin/env node
// Runs the bundled command (dist/voicemock.mjs, made by bin/build.js) with Node's compile cache.
import module from 'node:module';

module.enableCompileCache?.();
await import('../dist/voicemock.mjs');
