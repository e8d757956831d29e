// The inspector in real Chromium, served by the control API over node:http: it shows a call
// placed through the API appear and complete live, switches a scenario with a click (the next
// request fails with the documented message), and replays a dead letter with a click. Waits
// are for conditions (Playwright's locator waits); time moves on the virtual clock, except in
// the real-clock suite, which waits for its clock label to change. The page reads its clock in
// Asia/Tokyo (UTC+09:00), so a time shown in UTC is caught.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createRealClock, createVoicemock } from '../../src/index.ts';
import { startServer, type RunningServer } from '../../src/http/node-server.ts';
import { createWorld, replyJson, startReceiver, startStreamServer, until, type Receiver, type StreamServer, type World } from '../calls/peers.ts';
import { launchChromium, screenshot, skipBrowser, type Chromium } from './harness.ts';

const CALLEE = '+919900000001';
const ZONE = 'Asia/Tokyo';
const ZONE_OFFSET_MS = 9 * 3_600_000;

describe.skipIf(skipBrowser)('the inspector in Chromium', { timeout: 60_000 }, () => {
  let browser: Chromium;
  beforeAll(async () => {
    browser = await launchChromium({ timezoneId: ZONE });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  describe('on the virtual clock', () => {
    let world: World;
    let server: RunningServer;
    let page: Page;
    let recv: Receiver;
    let streams: StreamServer;

    beforeAll(async () => {
      [recv, streams] = await Promise.all([startReceiver(), startStreamServer()]);
      world = await createWorld({ answer_url: recv.url('/answer'), hangup_url: recv.url('/hangup') });
      server = await startServer({ mock: world.mock, port: 0 });
      page = await browser.context.newPage();
      await page.goto(`${server.url}/__voicemock/`);
      await page.locator('body[data-live="true"]').waitFor({ timeout: 60_000 });
    }, 120_000);

    afterAll(async () => {
      await page?.close(); // first: its event stream would hold the server's close open
      await server?.close();
      await recv?.close();
      await streams?.close();
    });

    it('shows organisations with their keys and numbers', async () => {
      const demo = world.mock.demo!;
      await page.getByRole('cell', { name: new RegExp(demo.sfvopi.api_key) }).waitFor();
      await page.getByRole('cell', { name: new RegExp(world.number.replace('+', '\\+')) }).first().waitFor();
    });

    it('labels every control', async () => {
      const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, button')]
        .filter((el) => (el instanceof HTMLButtonElement ? !(el.textContent?.trim() || el.getAttribute('aria-label')) : (el as HTMLInputElement).labels?.length === 0))
        .map((el) => el.outerHTML));
      expect(unlabelled).toEqual([]);
    });

    it('opens the scenario picker on none, and will not switch on none', async () => {
      await expect(page.getByLabel('Scenario', { exact: true }).inputValue()).resolves.toBe('');
      await page.getByRole('button', { name: 'Switch on' }).click();
      await page.locator('#status', { hasText: 'Choose a scenario to switch on' }).waitFor();
      await expect(page.locator('#scenario-active').textContent()).resolves.toBe('Active: none');
    });

    it('shows the advance form on a virtual clock', async () => {
      await page.getByRole('button', { name: 'Advance clock' }).waitFor();
      await expect(page.locator('#clock-now').textContent()).resolves.toMatch(/^virtual clock: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    });

    it('shows times in the browser\'s zone and names it', async () => {
      await expect(page.locator('#timezone').textContent()).resolves.toBe(`times in ${ZONE} (UTC+09:00)`);
      await world.api.get('/apps');
      const stamp = page.locator('#journal-body tr', { hasText: 'listApps' }).first().locator('time');
      await stamp.waitFor();
      const iso = String(await stamp.getAttribute('datetime'));
      await expect(stamp.textContent()).resolves.toBe(new Date(Date.parse(iso) + ZONE_OFFSET_MS).toISOString().slice(11, 23));
      const clock = (await world.control('GET', '/clock')).body.now as string;
      const local = new Date(Date.parse(clock) + ZONE_OFFSET_MS).toISOString();
      await expect(page.locator('#clock-now').textContent()).resolves.toBe(`virtual clock: ${local.slice(0, 10)} ${local.slice(11, 19)}`);
    });

    it('names the organisation of a request a scenario answered before authentication', async () => {
      const forced = await world.api.call('POST', `/apps/${world.appId}/numbers`, { voip_number: '+918000000004' }, { prefer: 'scenario=link-conflict' });
      expect(forced.status).toBe(409);
      const row = page.locator('#journal-body tr', { hasText: 'link-conflict' }).first();
      await row.waitFor();
      await expect(row.locator('td:nth-child(6)').textContent()).resolves.toBe(String(world.orgId));
    });

    it('a call placed through the API appears, streams and completes live', async () => {
      await world.control('POST', '/sfvopi/callee-behaviour', { number: CALLEE, behaviour: { type: 'answer', after_seconds: 2, hangup_after_seconds: 3 } });
      recv.on('/answer', replyJson(200, { stream: { url: streams.url, codec: 'PCMA', sample_rate: 8000, direction: 'BOTH', bidirectional: true } }));
      const placed = await world.api.post('/calls', { from: world.number, to: CALLEE, answer_url: recv.url('/answer'), hangup_url: recv.url('/hangup') });
      expect(placed.status).toBe(200);
      const card = page.locator('article.call').filter({ hasText: CALLEE });
      await card.and(page.locator('[data-status="RINGING"]')).waitFor();

      await world.advance(2000);
      const peer = await until(() => streams.peers[0]?.messages[0] && streams.peers[0], 'stream start', 10_000);
      await world.advance(200);
      await until(() => peer.messages.some((m: any) => m.event === 'media'), 'media', 10_000);
      const media = peer.messages.find((m: any) => m.event === 'media');
      peer.send({ event: 'playAudio', media: { payload: media.media.payload } });
      peer.send({ event: 'checkpoint', name: 'greeting' });
      await until(async () => (await world.call(String(await card.getAttribute('data-call')))).events.some((e: { type: string }) => e.type === 'checkpoint'), 'checkpoint', 10_000);
      expect((await world.control('POST', `/sfvopi/calls/${await card.getAttribute('data-call')}/dtmf`, { digits: '42' })).status).toBe(200);
      await card.and(page.locator('[data-status="IN_PROGRESS"]')).waitFor();
      await world.advance(4000);

      await card.and(page.locator('[data-status="COMPLETED"]')).filter({ hasText: 'ended' }).waitFor({ timeout: 20_000 });
      await expect(card.locator('li', { hasText: 'answer_webhook' }).first().textContent()).resolves.toMatch(/HTTP 200/);
      await card.locator('li', { hasText: 'hangup_webhook' }).waitFor();
      await card.locator('li', { hasText: 'checkpoint' }).waitFor();
      await card.locator('li', { hasText: 'dtmf' }).first().waitFor();
      await expect(card.locator('.stream').textContent()).resolves.toMatch(/frames out [1-9]\d* · playAudio in 1/);
      const audio = card.getByLabel(/Recording of call/);
      await audio.waitFor();
      const wav = await fetch(server.url + String(await audio.getAttribute('src')));
      expect(wav.headers.get('content-type')).toBe('audio/wav');

      // A webhook line opens to the request and the answer your server gave, body included.
      const answer = card.locator('details', { hasText: 'answer_webhook' }).first();
      await expect(answer.locator('dl').isVisible()).resolves.toBe(false);
      await answer.locator('summary').click();
      const shown = answer.locator('dl');
      await shown.waitFor();
      await expect(shown.textContent()).resolves.toContain(`POST ${recv.url('/answer')}`);
      await expect(shown.textContent()).resolves.toContain('"bidirectional":true');
      const hangup = card.locator('details', { hasText: 'hangup_webhook' }).first();
      await hangup.locator('summary').press('Enter'); // from the keyboard too
      await expect(hangup.locator('dl').textContent()).resolves.toContain(`POST ${recv.url('/hangup')}`);
    });

    it('warns on the call, in its events and in the journal when the Stream JSON leaves out bidirectional', async () => {
      recv.on('/answer', replyJson(200, { stream: { url: streams.url } }));
      const r = await world.control('POST', '/sfvopi/calls/inbound', { to: world.number, from: '+919900000002', hangup_after_seconds: 1 });
      expect(r.status).toBe(200);
      const card = page.locator(`article.call[data-call="${r.body.call_uuid}"]`);
      const notice = card.locator('p.warn');
      await notice.waitFor();
      await expect(notice.textContent()).resolves.toMatch(/^⚠ Stream JSON left out bidirectional; .* --stream-defaults bidirectional=true$/);
      await card.locator('li.warn', { hasText: 'stream_defaults' }).waitFor();
      await page.locator('#journal-body tr', { hasText: 'left out bidirectional' }).first().waitFor();
      await world.advance(2000);
      await card.and(page.locator('[data-status="COMPLETED"]')).filter({ hasText: 'ended' }).waitFor({ timeout: 20_000 });
    });

    it('switches a scenario with a click; the next request fails with the documented message', async () => {
      await page.getByLabel('Scenario', { exact: true }).selectOption('list-apps-failed');
      await page.getByLabel('For', { exact: true }).selectOption('all');
      await page.getByRole('button', { name: 'Switch on' }).click();
      await page.locator('#scenario-active', { hasText: 'everyone: list-apps-failed' }).waitFor();

      const r = await world.api.get('/apps');
      expect(r.status).toBe(500);
      expect(r.body.message).toMatch(/^Failed to get SFVoPI apps: /);
      await page.locator('#journal-body tr', { hasText: 'listApps' }).filter({ hasText: '500' }).first().waitFor();

      // From the keyboard this time.
      await page.getByRole('button', { name: 'Switch off' }).focus();
      await page.keyboard.press('Enter');
      await page.locator('#scenario-active', { hasText: 'Active: none' }).waitFor();
      expect((await world.api.get('/apps')).status).toBe(200);
    });

    it('highlights contract violations in the journal and filters it by status', async () => {
      const bad = await world.api.post('/apps', { name: 'No answer URL' });
      expect(bad.status).toBe(400);
      const row = page.locator('#journal-body tr.violation', { hasText: 'createApp' });
      await row.first().waitFor();
      await expect(row.first().textContent()).resolves.toMatch(/⚠ body/);
      await page.getByLabel('Status').fill('4xx');
      await page.locator('#journal-body tr', { hasText: 'listApps' }).first().waitFor({ state: 'detached' });
      const statuses = await page.locator('#journal-body tr td:nth-child(4)').allTextContents();
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.every((s) => s.startsWith('4'))).toBe(true);
      await page.getByLabel('Status').fill('');
    });

    it('replays a dead letter with a click and shows it delivered', async () => {
      const { mock } = world;
      const demo = mock.demo!;
      const vx = (method: string, path: string, body?: unknown) =>
        mock.fetch(`http://127.0.0.1/voxifi/v1${path}`, { method, headers: { Authorization: `Bearer ${demo.voxifi.api_keys.Owner}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      // The receiver refuses the first delivery (a 4xx: dead-lettered at once), then accepts.
      await mock.fetch('http://127.0.0.1/__voicemock/receivers/inspector', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ statuses: [400, 200] }) });
      const hook = await vx('POST', '/webhooks', { url: 'http://127.0.0.1/__voicemock/receivers/inspector/hook', events: ['call.completed'] });
      expect(hook.status).toBe(200);
      const call = await vx('POST', '/calls', { assistant_id: demo.voxifi.agents[0]!.id, customer_number: '+15005550004' });
      expect(call.status).toBe(200);
      await world.advance(20_000);

      const row = page.locator('#deliveries-body tr', { hasText: 'call.completed' });
      const replay = row.getByRole('button', { name: /Replay delivery/ });
      await replay.waitFor({ timeout: 20_000 });
      await expect(row.textContent()).resolves.toMatch(/Failed dead letter/);
      await page.locator('#vx-calls-body tr', { hasText: 'completed' }).filter({ hasText: 'Posted' }).waitFor();
      await replay.click();
      await row.filter({ hasText: 'Delivered' }).waitFor({ timeout: 20_000 });
      await expect(row.locator('.attempts li').count()).resolves.toBe(2);
      await screenshot(page, 'inspector.png');
    });
  });

  describe('on a real clock, behind --control-token', () => {
    const TOKEN = 'inspector-token-1234';
    let server: RunningServer;
    let page: Page;

    beforeAll(async () => {
      const mock = await createVoicemock({ clock: createRealClock(), config: { controlToken: TOKEN } });
      server = await startServer({ mock, port: 0 });
      page = await browser.context.newPage();
    });
    afterAll(async () => {
      await page?.close();
      await server?.close();
    });

    it('takes the token once from ?token= into an HttpOnly SameSite=Strict cookie, then works live', async () => {
      expect((await page.goto(`${server.url}/__voicemock/`))!.status()).toBe(401);
      expect((await fetch(`${server.url}/__voicemock/?token=wrong`)).status).toBe(401);
      const landed = await page.goto(`${server.url}/__voicemock/?token=${TOKEN}`);
      expect(landed!.status()).toBe(200);
      expect(page.url()).toBe(`${server.url}/__voicemock/`); // the token left the address bar
      const cookie = (await browser.context.cookies(`${server.url}/__voicemock/`)).find((c) => c.name === 'voicemock-control-token');
      expect(cookie).toMatchObject({ value: TOKEN, httpOnly: true, sameSite: 'Strict', path: '/__voicemock' });
      await page.locator('body[data-live="true"]').waitFor({ timeout: 60_000 }); // the event stream got in
      await page.getByRole('cell', { name: /sfv_key_/ }).first().waitFor(); // and the reads
      // Still refused without it: the cookie is the browser's, not anyone's.
      expect((await fetch(`${server.url}/__voicemock/orgs`)).status).toBe(401);
    });

    it('hides the advance form and keeps the real clock\'s label moving', async () => {
      await expect(page.locator('#advance-form').isVisible()).resolves.toBe(false);
      await expect(page.locator('#advance-form button').count()).resolves.toBe(1); // there, but hidden
      const label = page.locator('#clock-now');
      const first = String(await label.textContent());
      expect(first).toMatch(/^real clock: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      await page.waitForFunction((was) => document.getElementById('clock-now')!.textContent !== was, first, { timeout: 10_000 });
    });
  });
});
