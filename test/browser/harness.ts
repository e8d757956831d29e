// One small Chromium harness for the browser suites: Debian's chromium driven by playwright-core
// (never a browser download), a throwaway profile, a static server for built pages on
// 127.0.0.1 (a secure context, as service workers need), and screenshots in test-results/.
import { mkdtemp, mkdir, rm, writeFile, copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import './global-setup.ts'; // its ProvidedContext type

// Chosen once by the browser project's global set-up (test/browser/chromium.ts).
const choice = inject('chromium');
/** No Chromium to be had (or VOICEMOCK_SKIP_BROWSER=1): the suites skip; set-up said how to run them. */
export const skipBrowser = choice.skip !== null;
const CHROMIUM = choice.path ?? '';
const ROOT = resolve(import.meta.dirname, '../..');
export const OUTPUT = join(ROOT, 'test-results');

// Without the background-networking flags Chromium dials Google services, which the closed
// network refuses; none of it matters to a test.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

export interface Chromium {
  context: BrowserContext;
  page(): Promise<Page>;
  close(): Promise<void>;
}

/** `timezoneId` sets the zone the page's clock reads in (the machine's otherwise). */
export async function launchChromium(options: { timezoneId?: string } = {}): Promise<Chromium> {
  if (!existsSync(CHROMIUM)) throw new Error(choice.skip ?? `no Chromium at ${CHROMIUM}`);
  const profile = await mkdtemp(join(tmpdir(), 'voicemock-chromium-'));
  // A persistent context is how playwright takes a --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    timeout: 60_000,
    ...options,
  });
  return {
    context,
    page: async () => context.pages()[0] ?? context.newPage(),
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { js: 'text/javascript', html: 'text/html', css: 'text/css', map: 'application/json' };

/** Serves files from memory (path → content) on 127.0.0.1, port 0. */
export async function serveFiles(files: Record<string, string>): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const name = path === '/' ? '/index.html' : path;
    const body = files[name];
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[name.split('.').pop()!] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

/**
 * A full-page screenshot in test-results/; with VOICEMOCK_DOCS_SCREENSHOTS=1 also as docs/<name>
 * (the README's pictures).
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(OUTPUT, { recursive: true });
  const path = join(OUTPUT, name);
  await writeFile(path, await page.screenshot({ fullPage: true }));
  if (process.env.VOICEMOCK_DOCS_SCREENSHOTS === '1') {
    await mkdir(join(ROOT, 'docs'), { recursive: true });
    await copyFile(path, join(ROOT, 'docs', name));
  }
  return path;
}

export interface OpenedPage {
  browser: Chromium;
  site: StaticServer;
  page: Page;
  close(): Promise<void>;
}

/** The voicemock/browser test page, built, served and opened in Chromium until its worker is ready. */
export async function openTestPage(build: () => Promise<Record<string, string>>): Promise<OpenedPage> {
  const [files, browser] = await Promise.all([build(), launchChromium()]);
  const site = await serveFiles(files);
  const page = await browser.page();
  await page.goto(`${site.url}/`);
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
  return { browser, site, page, close: async () => { await browser.close(); await site.close(); } };
}
