// VERSION (sent as voicemock-version) is package.json's; scripts/build.js writes it, and this
// fails when someone bumps the version without building.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { VERSION } from '../../src/index.ts';

it('VERSION is the version in package.json', () => {
  expect(VERSION).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
});
