// Browser mode in real Chromium: a page built with rolldown runs voicemock/browser, and its own
// fetch calls to the real provider hosts are answered by voicemock through msw's service worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openTestPage, screenshot, skipBrowser, type OpenedPage } from './harness.ts';
import { buildPage } from './page/build.ts';
import { startStreamServer, until, type StreamServer } from '../calls/peers.ts';

const SFV = 'https://prod-api.superfone.co.in/superfone/sfvopi';
// Voxifi publishes no API host; any host works, since voicemock matches paths on every host.
const VX = 'https://api.voxifi.example/voxifi/v1';

describe.skipIf(skipBrowser)('voicemock/browser in Chromium', { timeout: 60_000 }, () => {
  let opened: OpenedPage | undefined;
  let page: Page;
  let streams: StreamServer;

  beforeAll(async () => {
    streams = await startStreamServer();
    opened = await openTestPage(buildPage);
    page = opened.page;
  }, 120_000);

  afterAll(async () => {
    await opened?.close();
    await streams?.close();
  });

  it('the worker controls the page and answers the real SFVoPI host: an app, a link, 409 on a second link', async () => {
    const result = await page.evaluate(async (SFV) => {
      const key = window.voicemock.demo!.sfvopi.api_key;
      const number = window.voicemock.demo!.sfvopi.numbers[0]!;
      const headers = { 'X-API-Key': key, 'content-type': 'application/json' };
      const post = (path: string, body: unknown, extra: Record<string, string> = {}) =>
        fetch(`${SFV}${path}`, { method: 'POST', headers: { ...headers, ...extra }, body: JSON.stringify(body) });
      const app1 = (await (await post('/apps', { name: 'One', answer_url: 'https://example.com/answer' })).json()).data;
      const app2 = (await (await post('/apps', { name: 'Two', answer_url: 'https://example.com/answer' })).json()).data;
      const link = await post(`/apps/${app1.app_id}/numbers`, { voip_number: number });
      const again = await post(`/apps/${app2.app_id}/numbers`, { voip_number: number });
      const forced = await fetch(`${SFV}/apps`, { headers: { 'X-API-Key': key, Prefer: 'scenario=list-apps-failed' } });
      // mock.use, scoped like any msw override: worker.use, then resetHandlers.
      window.worker.use(...window.voicemock.use('list-apps-failed'));
      const used = await fetch(`${SFV}/apps`, { headers: { 'X-API-Key': key } });
      window.worker.resetHandlers();
      const after = await fetch(`${SFV}/apps`, { headers: { 'X-API-Key': key } });
      const out = {
        controlled: navigator.serviceWorker.controller !== null,
        app: app1.app_id,
        link: link.status,
        conflict: { status: again.status, body: await again.json() },
        forced: { status: forced.status, body: await forced.json() },
        used: { status: used.status, body: await used.json() },
        after: after.status,
      };
      window.show('SFVoPI: create app, link, link again, forced scenario', out);
      return out;
    }, SFV);
    expect(result.controlled, JSON.stringify(result)).toBe(true);
    expect(result.app).toMatch(/^sfv_app_/);
    expect(result.link).toBe(200);
    expect(result.conflict).toEqual({ status: 409, body: { message: 'VoIP number is already linked to another SFVoPI app' } });
    expect(result.forced.status).toBe(500);
    expect(result.forced.body.message).toMatch(/^Failed to get SFVoPI apps: /);
    expect(result.used.status).toBe(500);
    expect(result.used.body.message).toMatch(/^Failed to get SFVoPI apps: /);
    expect(result.after).toBe(200);
  });

  it('a Voxifi call runs to completed on the virtual clock, with a signed delivery to a built-in receiver', async () => {
    const result = await page.evaluate(async (VX) => {
      const mock = window.voicemock;
      const auth = { Authorization: `Bearer ${mock.demo!.voxifi.api_keys.Owner}`, 'content-type': 'application/json' };
      const hookUrl = 'https://hooks.example/__voicemock/receivers/page/hook';
      const hook = await (await fetch(`${VX}/webhooks`, { method: 'POST', headers: auth, body: JSON.stringify({ url: hookUrl, events: ['call.completed'] }) })).json();
      // The receiver checks signatures with the endpoint's secret.
      await fetch('https://hooks.example/__voicemock/receivers/page', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verify_secret: hook.secret }) });
      const call = await (await fetch(`${VX}/calls`, { method: 'POST', headers: auth, body: JSON.stringify({ assistant_id: mock.demo!.voxifi.agents[0]!.id, customer_number: '+15005550004' }) })).json();
      await mock.clock.advance(20_000);
      const ended = await (await fetch(`${VX}/calls/${call.id}`, { headers: auth })).json();
      // The delivery is signed with Web Crypto after the call ends: wait for it, not for time.
      let received: any[] = [];
      for (const deadline = performance.now() + 20_000; received.length === 0 && performance.now() < deadline;) {
        received = (await (await fetch('https://hooks.example/__voicemock/receivers/page')).json()).received;
        if (received.length === 0) await new Promise((r) => setTimeout(r, 10));
      }
      const out = { queued: call.status, status: ended.status, cost_status: ended.cost_status, received: received.map((r) => ({ event: r.body.event_type, signature: r.signature, status: r.status })) };
      window.show('Voxifi: call advanced on the virtual clock, signed webhook to a built-in receiver', out);
      return out;
    }, VX);
    expect(result.queued).toBe('queued');
    expect(result.status).toBe('completed');
    expect(result.cost_status).toBe('Posted');
    expect(result.received).toEqual([{ event: 'call.completed', signature: 'valid', status: 200 }]);
  });

  it('an SFVoPI call streams its media from the page to a WebSocket server the page can reach', async () => {
    const uuid = await page.evaluate(async ({ SFV, wsUrl }) => {
      const mock = window.voicemock;
      const key = mock.demo!.sfvopi.api_key;
      const number = mock.demo!.sfvopi.numbers[1]!;
      const headers = { 'X-API-Key': key, 'content-type': 'application/json' };
      const json = { 'content-type': 'application/json' };
      // The answer webhook goes to a built-in receiver, which answers with Stream JSON.
      await fetch('https://hooks.example/__voicemock/receivers/answer', { method: 'PUT', headers: json, body: JSON.stringify({ body: { stream: { url: wsUrl, codec: 'PCMA', sample_rate: 8000, bidirectional: true } } }) });
      const app = (await (await fetch(`${SFV}/apps`, { method: 'POST', headers, body: JSON.stringify({ name: 'Streams', answer_url: 'https://hooks.example/__voicemock/receivers/answer/hook' }) })).json()).data;
      await fetch(`${SFV}/apps/${app.app_id}/numbers`, { method: 'POST', headers, body: JSON.stringify({ voip_number: number }) });
      const call = await (await fetch('https://hooks.example/__voicemock/sfvopi/calls/inbound', { method: 'POST', headers: json, body: JSON.stringify({ to: number, from: '+919900000002', hangup_after_seconds: 2 }) })).json();
      return call.call_uuid as string;
    }, { SFV, wsUrl: streams.url });
    // The browser's WebSocket connects in real time; the media then moves on the virtual clock.
    const peer = await until(() => streams.peers[0]?.messages[0] && streams.peers[0], 'stream start', 20_000);
    expect(peer.messages[0]).toMatchObject({ event: 'start' });
    await page.evaluate(() => window.voicemock.clock.advance(1000));
    await until(() => peer.messages.filter((m: { event: string }) => m.event === 'media').length >= 50, '50 media frames', 20_000);
    await page.evaluate(() => window.voicemock.clock.advance(2000));
    await until(() => peer.closed, 'stream closed', 20_000);
    const call = await page.evaluate(async (uuid) => {
      let c: any;
      for (const deadline = performance.now() + 20_000; performance.now() < deadline;) {
        c = await (await fetch(`https://hooks.example/__voicemock/sfvopi/calls/${uuid}`)).json();
        if (c.ended) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      window.show('SFVoPI: an inbound call streamed to a WebSocket server', { status: c.status, media_sent: c.stream.media_sent, events: c.events.map((e: { type: string }) => e.type) });
      return c;
    }, uuid);
    expect(call.status).toBe('COMPLETED');
    expect(call.stream.media_sent).toBeGreaterThanOrEqual(50);
    await screenshot(page, 'browser.png');
  });
});
