// Node-only capabilities (file access, the metrics library) are injected like fetch: a mock
// created without them says so where they are needed, and the Node entries supply them.
import { describe, expect, it } from 'vitest';
import { createVoicemock } from '../../src/index.ts';
import { nodeCapabilities } from '../../src/http/node-server.ts';

const control = (path: string) => `https://mock.test/__voicemock${path}`;

describe('injected capabilities', () => {
  it('a recording dir without file access fails at creation, loudly', async () => {
    await expect(createVoicemock({ config: { recording: { dir: '/tmp/recordings' } } })).rejects.toThrow(/config\.recording\.dir is set, but this mock has no file access/);
  });

  it('without the metrics library the metrics endpoint says it is unavailable; with it, it answers', async () => {
    const bare = await createVoicemock({ seedDemoOrg: false });
    expect((await bare.fetch(control('/metrics'))).status).toBe(503);
    const node = await createVoicemock({ ...nodeCapabilities, seedDemoOrg: false });
    const answer = await node.fetch(control('/metrics'));
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('voicemock_load_calls_planned_total');
  });

  it('a WAV by path without file access is a 400 that says why', async () => {
    const mock = await createVoicemock();
    const r = await mock.fetch(control('/sfvopi/callee-behaviour'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ number: '+918000000009', behaviour: { type: 'answer', audio: { type: 'wav', path: '/tmp/x.wav' } } }),
    });
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toMatch(/no file access/);
  });
});
