// The install section says what the consumer test (test/package/consumer.test.ts) runs.
import { describe, expect, it } from 'vitest';
import { commands, snippets } from './install-section.ts';

describe('README: Install in your project', () => {
  it('installs voicemock with its peer msw and starts it with npx', () => {
    expect(commands()).toEqual(['npm i -D voicemock msw', 'npx voicemock serve', 'npx voicemock serve --port 0', 'npx voicemock --help']);
  });

  it('names every code snippet after the file the consumer test runs it as', () => {
    const code = snippets().filter((s) => s.lang !== 'sh');
    expect(code.map((s) => s.file)).toEqual(['voice.test.ts', 'client.ts', 'client-http.ts', 'server.mjs']);
  });
});
