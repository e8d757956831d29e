// The browser-mode test page: voicemock/browser in a real page, answering the page's own fetch
// calls to the real provider hosts through msw's service worker. The test drives it with
// page.evaluate; what happens is also written into the page, for the screenshot.
import type { SetupWorker } from 'msw/browser';
import { createRealClock, createVoicemock, startWorker, type Voicemock } from '../../../src/browser.ts';

declare global {
  interface Window {
    voicemock: Voicemock;
    worker: SetupWorker;
    show(title: string, value: unknown): void;
    restart(options: PageMockOptions): Promise<void>;
    send(request: PageRequest): Promise<PageOutcome>;
  }
}

/** What a fresh page mock is made of (plain data: it crosses page.evaluate). */
export interface PageMockOptions {
  seed: number;
  scenarios: NonNullable<Parameters<typeof createVoicemock>[0]>['scenarios'];
  realClock: boolean;
}

export interface PageRequest {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
}

/** A page fetch as the conformance table reads it (the Node side turns it into an Outcome). */
export type PageOutcome =
  | { kind: 'network-error' }
  | { kind: 'body-error'; status: number }
  | { kind: 'response'; status: number; headers: Array<[string, string]>; body: string };

const log = document.getElementById('log')!;
window.show = (title, value) => {
  const entry = document.createElement('section');
  const h = document.createElement('h2');
  h.textContent = title;
  const pre = document.createElement('pre');
  pre.textContent = typeof value === 'string' ? value : JSON.stringify(value, null, 1);
  entry.append(h, pre);
  log.append(entry);
};

const mock = await createVoicemock({ seed: 1 });
window.worker = await startWorker(mock);
window.voicemock = mock;

// For the conformance table (test/browser/conformance.test.ts): a fresh mock behind the same
// worker for each sequence, and the page's own fetch, read as a client reads it.
window.restart = async ({ seed, scenarios, realClock }) => {
  window.voicemock = await createVoicemock({ seed, scenarios, clock: realClock ? createRealClock() : undefined });
  window.worker.resetHandlers(...window.voicemock.handlers);
};
window.send = async ({ url, method, headers, body }) => {
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body });
  } catch {
    return { kind: 'network-error' };
  }
  if (response.type === 'error') return { kind: 'network-error' };
  try {
    return { kind: 'response', status: response.status, headers: [...response.headers], body: await response.text() };
  } catch {
    return { kind: 'body-error', status: response.status };
  }
};
document.body.dataset.ready = 'true';
