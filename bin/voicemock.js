#!/usr/bin/env node
// Launcher for the `voicemock` command. It is plain JS so that it can turn on Node's compile
// cache before any TypeScript loads: a warm start then skips type stripping and compiling.
//
// In this repository the TypeScript sources run directly on Node 24 (type stripping).
// Node refuses to strip types under node_modules, so a published package would ship compiled
// JS (src → dist) and this file would import ../dist/cli.js instead.
import module from 'node:module';

module.enableCompileCache?.();
await import('../src/cli.ts');
