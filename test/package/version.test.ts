// VERSION (sent as voicemock-version) is package.json's; scripts/build.js writes it, and this
// fails when someone bumps the version without building. And the Node check throws, never exits.
import { readFileSync } from 'node:fs';
import { expect, it, vi } from 'vitest';
import { VERSION } from '../../src/index.ts';
import { assertSupportedNode, unsupportedNode } from '../../src/supported-node.ts';

it('VERSION is the version in package.json', () => {
  expect(VERSION).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
});

it('an unsupported Node is refused with one clear Error, and the process is left alone', () => {
  const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
  try {
    expect(() => assertSupportedNode('20.18.0')).toThrow(new Error('voicemock needs Node.js 22.12 or newer; this is v20.18.0'));
    expect(() => assertSupportedNode('22.11.9')).toThrow(/^voicemock needs Node\.js 22\.12 or newer; this is v22\.11\.9$/);
    expect(() => assertSupportedNode('22.12.0')).not.toThrow();
    expect(() => assertSupportedNode(undefined)).not.toThrow(); // a browser
    expect(unsupportedNode('24.1.0')).toBeNull();
    expect(exit).not.toHaveBeenCalled();
  } finally {
    exit.mockRestore();
  }
});
