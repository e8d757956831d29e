import { contextOf } from '../../src/internal.ts';
// Conversation runs through the control API: started, followed on the mock clock, reported.
import { describe, expect, it } from 'vitest';
import { controlRequest } from '../calls/peers.ts';
import { ANSWER_URL, converseWorld } from './helpers.ts';

const SCRIPT = {
  name: 'greets and answers',
  steps: [
    { expect: { agent_speaks_within_ms: 500 } },
    { silence: 1200 },
    { say: { tone_ms: 400 } },
    { expect: { agent_speaks_within_ms: 400 } },
    { hangup: true },
    { expect: { no_protocol_violations: true } },
  ],
};

describe('POST /__voicemock/sfvopi/converse', () => {
  it('runs the script as the clock moves; GET answers its report once finished', async () => {
    const mock = await converseWorld({ replyDelayMs: 250 });
    const started = await controlRequest(mock, 'POST', '/sfvopi/converse', { script: SCRIPT, answer_url: ANSWER_URL, repeat: 2, concurrency: 2 });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'running', report: null });
    const id = started.body.converse_id;
    for (let i = 0; i < 200; i++) {
      await mock.clock.advance(20);
      await new Promise((r) => setTimeout(r, 0));
    }
    const done = await controlRequest(mock, 'GET', `/sfvopi/converse/${id}`);
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('completed');
    expect(done.body.report.scripts).toEqual([{ source: 'greets and answers', name: 'greets and answers', conversations: 2, passed: 2, failed: 0, failures: {} }]);
    expect(done.body.report.summary.response_ms).toMatchObject({ count: 2, min_ms: 250, max_ms: 250 });
    const page = await mock.fetch(new Request('http://127.0.0.1/__voicemock/sfvopi/converse/latest/timeline'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html.match(/<h2 class="pass">PASS greets and answers<\/h2>/g)).toHaveLength(2);
    const uuid = done.body.report.conversations[0].call_uuid;
    expect(html).toContain(`<audio controls preload="none" src="/__voicemock/sfvopi/calls/${uuid}/recording.wav">`);
    const recording = await mock.fetch(new Request(`http://127.0.0.1/__voicemock/sfvopi/calls/${uuid}/recording.wav`));
    expect(recording.status).toBe(200);
  });

  it('the timeline page escapes what the script named', async () => {
    const mock = await converseWorld();
    const started = await controlRequest(mock, 'POST', '/sfvopi/converse', { script: { name: '<script>x</script>', steps: [{ hangup: true }] }, answer_url: ANSWER_URL });
    for (let i = 0; i < 50; i++) {
      await mock.clock.advance(20);
      await new Promise((r) => setTimeout(r, 0));
    }
    const html = await (await mock.fetch(new Request(`http://127.0.0.1/__voicemock/sfvopi/converse/${started.body.converse_id}/timeline`))).text();
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).not.toContain('<script>x');
  });

  it('a script that does not match the schema answers 400 invalid_script, naming the typo', async () => {
    const mock = await converseWorld();
    const bad = await controlRequest(mock, 'POST', '/sfvopi/converse', { script: { name: 'x', steps: [{ sya: {} }] }, answer_url: ANSWER_URL });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('steps.0: unknown name \\"sya\\"');
  });

  it('an unknown run is 404', async () => {
    const mock = await converseWorld();
    expect((await controlRequest(mock, 'GET', '/sfvopi/converse/conv_nope')).status).toBe(404);
  });

  it('while 20 runs are still running, a new one answers 409 limit_reached', async () => {
    const mock = await converseWorld();
    const script = { name: 'long', steps: [{ silence: 60_000 }] };
    for (let i = 0; i < 20; i++) expect((await controlRequest(mock, 'POST', '/sfvopi/converse', { script, answer_url: ANSWER_URL })).status).toBe(200);
    const refused = await controlRequest(mock, 'POST', '/sfvopi/converse', { script, answer_url: ANSWER_URL });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain('At most 20 conversation runs at once');
    // The runs kept have no list endpoint; the engine's own map is what the limit bounds.
    expect(contextOf(mock).engines.converseRuns.size).toBe(20);
  });
});
