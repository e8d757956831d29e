// The inspector's coverage panel in real Chromium: it shows what the mock's clients faced
// (the forced 409) and, for what they did not, how to face it; Refresh re-reads the report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { startServer, type RunningServer } from '../../src/http/node-server.ts';
import { launchChromium, skipBrowser, type Chromium } from './harness.ts';

describe.skipIf(skipBrowser)('the inspector coverage panel in Chromium', { timeout: 60_000 }, () => {
  let browser: Chromium;
  let mock: Voicemock;
  let server: RunningServer;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    mock = await createVoicemock();
    server = await startServer({ mock, port: 0 });
    page = await browser.context.newPage();
    await page.goto(`${server.url}/__voicemock/`);
    await page.locator('#coverage-totals').filter({ hasText: 'Outcomes faced 0 of' }).waitFor({ timeout: 30_000 });
  }, 120_000);
  afterAll(async () => {
    await page?.close();
    await server?.close();
    await browser?.close();
  });

  it('shows a forced 409 as faced after Refresh, and hints for the rest', async () => {
    const response = await fetch(`${server.url}/superfone/sfvopi/apps/x/numbers`, { method: 'POST', headers: { prefer: 'scenario=link-conflict', 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(409);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.locator('#coverage-totals').filter({ hasText: 'Outcomes faced 1 of' }).waitFor();
    const faced = page.locator('#coverage-body tr.faced');
    expect(await faced.count()).toBe(1);
    expect(await faced.first().textContent()).toContain('VoIP number is already linked to another SFVoPI app');
    await page.getByLabel('Only what was not faced').check();
    expect(await page.locator('#coverage-body tr.faced').count()).toBe(0);
    const timeout = page.locator('#coverage-body tr', { hasText: 'answer_url timeout' });
    expect(await timeout.textContent()).toContain("mock.use('answer-timeout')");
  });
});
