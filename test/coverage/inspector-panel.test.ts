// The inspector's coverage panel: its section is on the page, its script is served, parses as
// plain JavaScript and reads the report the control API serves.
import { describe, expect, it } from 'vitest';
import { createVoicemock } from '../../src/index.ts';

describe('the inspector coverage panel', () => {
  it('is on the page, with a script that parses and reads /__voicemock/coverage', async () => {
    const mock = await createVoicemock();
    const html = await (await mock.fetch('http://127.0.0.1:4010/__voicemock/')).text();
    expect(html).toContain('<h2 id="h-coverage">Contract coverage</h2>');
    const js = await mock.fetch('http://127.0.0.1:4010/__voicemock/inspector/coverage.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    const script = await js.text();
    expect(() => new Function(script)).not.toThrow();
    expect(script).toMatch(/fetch\(["']\/__voicemock\/coverage["']\)/);
    expect(script).not.toMatch(/innerHTML|\bimport\b/);
  });
});
