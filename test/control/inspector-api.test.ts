// What the inspector stands on, without a browser: the page and its assets (nothing from
// elsewhere, small), the event stream (ready, coalesced changes, its limit), the control
// endpoints for Voxifi deliveries, and the org keys in org state.
import { describe, expect, it } from 'vitest';
import { createVoicemock } from '../../src/index.ts';
import { send } from '../support/mock-client.ts';
import { newsworthy } from '../../src/control/event-stream.ts';
import { until } from '../calls/peers.ts';

const decoder = new TextDecoder();

async function nextEvent(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<{ event: string; data: any }> {
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended');
    const text = decoder.decode(value);
    const event = /^event: (.+)$/m.exec(text);
    if (event) return { event: event[1]!, data: JSON.parse(/^data: (.+)$/m.exec(text)![1]!) };
  }
}

describe('the inspector page', () => {
  it('is served at /__voicemock/ with its script and stylesheet, all from the control API', async () => {
    const mock = await createVoicemock();
    for (const path of ['/__voicemock/', '/__voicemock']) {
      const page = await mock.fetch(`http://127.0.0.1:4010${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await page.text();
      // Nothing is fetched from another origin.
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
      expect([...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])).toEqual(['/__voicemock/inspector/app.css', '/__voicemock/inspector/app.js', '/__voicemock/inspector/coverage.js']);
    }
    const js = await mock.fetch('http://127.0.0.1:4010/__voicemock/inspector/app.js');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    const script = await js.text();
    expect(() => new Function(script)).not.toThrow(); // it parses as plain JavaScript
    expect(script).not.toMatch(/\bimport\b|https?:\/\//);
    const css = await mock.fetch('http://127.0.0.1:4010/__voicemock/inspector/app.css');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    // Small enough to ship in the package: page, script and style together.
    expect(script.length + (await css.text()).length).toBeLessThan(40_000);
    expect((await mock.fetch('http://127.0.0.1:4010/__voicemock/inspector/other.js')).status).toBe(400);
  });
});

describe('GET /__voicemock/events', () => {
  it('starts with ready, then names what changed, coalesced', async () => {
    const mock = await createVoicemock();
    const response = await mock.fetch('http://127.0.0.1:4010/__voicemock/events');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    expect(await nextEvent(reader)).toEqual({ event: 'ready', data: { seed: 1, clock: 'virtual' } });
    await send(mock, 'POST', '/__voicemock/orgs', { body: { name: 'Acme' } });
    // One org touches several tables, then the journal records the request.
    const seen = new Set<string>();
    while (!seen.has('journal')) {
      const change = await nextEvent(reader);
      expect(change.event).toBe('change');
      for (const t of change.data.topics) seen.add(t);
    }
    expect([...seen]).toEqual(expect.arrayContaining(['orgs', 'apiKeys', 'numbers', 'journal']));
    await send(mock, 'PUT', '/__voicemock/scenarios/active', { body: { scenario: 'list-apps-failed' } });
    const next = new Set<string>();
    while (!next.has('journal')) for (const t of (await nextEvent(reader)).data.topics) next.add(t);
    expect([...next].sort()).toEqual(['journal', 'scenarios']);
    await reader.cancel();
  });

  it('the control API reading itself is no news', () => {
    expect(newsworthy({ method: 'GET', path: '/__voicemock/orgs' })).toBe(false);
    expect(newsworthy({ method: 'GET', path: '/__voicemock/journal' })).toBe(false);
    expect(newsworthy({ method: 'PUT', path: '/__voicemock/scenarios/active' })).toBe(true);
    expect(newsworthy({ method: 'GET', path: '/superfone/sfvopi/apps' })).toBe(true);
  });

  it('past maxEventStreams answers 503; a closed stream frees its place', async () => {
    const mock = await createVoicemock({ config: { maxEventStreams: 2 } });
    const open = () => mock.fetch('http://127.0.0.1:4010/__voicemock/events');
    const first = await open();
    await open();
    const refused = await open();
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ error: { code: 'too_many_streams', message: 'At most 2 event streams can be open at once' } });
    await first.body!.cancel();
    expect((await open()).status).toBe(200);
  });
});

describe('Voxifi deliveries in the control API', () => {
  it('lists deliveries of every org with attempts; replays only dead letters', async () => {
    const mock = await createVoicemock();
    const demo = mock.demo!;
    const auth = { authorization: `Bearer ${demo.voxifi.api_keys.Owner}` };
    await send(mock, 'PUT', '/__voicemock/receivers/refuse', { body: { statuses: [400, 200] } });
    await send(mock, 'POST', '/voxifi/v1/webhooks', { headers: auth, body: { url: 'http://127.0.0.1:4010/__voicemock/receivers/refuse/hook', events: ['call.started'] } });
    await send(mock, 'POST', '/voxifi/v1/calls', { headers: auth, body: { assistant_id: demo.voxifi.agents[0]!.id, customer_number: '+15005550004' } });
    await mock.clock.advance(5000);
    // Signing (Web Crypto) runs off the clock: wait for the delivery to settle.
    const dead = await until(async () => {
      const listed = await send(mock, 'GET', '/__voicemock/voxifi/deliveries');
      return listed.body.data[0]?.status === 'Failed' && listed.body.data[0];
    }, 'dead letter', 15_000);
    expect(dead).toMatchObject({ org_id: demo.org_id, event_type: 'call.started', status: 'Failed', dead_lettered: true, url: 'http://127.0.0.1:4010/__voicemock/receivers/refuse/hook' });
    expect(dead.attempts.map((a: { response_code: number }) => a.response_code)).toEqual([400]);

    const replayed = await send(mock, 'POST', `/__voicemock/voxifi/deliveries/${dead.id}/replay`);
    expect(replayed.status).toBe(200);
    expect(replayed.body).toMatchObject({ id: dead.id, status: 'Pending', dead_lettered: false });
    const again = await send(mock, 'POST', `/__voicemock/voxifi/deliveries/${dead.id}/replay`);
    expect(again.status).toBe(409);
    expect((await send(mock, 'POST', '/__voicemock/voxifi/deliveries/dlv_nope/replay')).status).toBe(404);
    expect((await send(mock, 'GET', `/__voicemock/voxifi/deliveries?org_id=${demo.org_id + 1}`)).body.data).toEqual([]);
  });

  it('org state lists the org keys', async () => {
    const mock = await createVoicemock();
    const { body } = await send(mock, 'GET', `/__voicemock/orgs/${mock.demo!.org_id}`);
    expect(body.keys).toContainEqual({ key: mock.demo!.sfvopi.api_key, provider: 'sfvopi', role: null, revoked: false });
    expect(body.keys).toContainEqual({ key: mock.demo!.voxifi.api_keys.Owner, provider: 'voxifi', role: 'Owner', revoked: false });
  });
});
