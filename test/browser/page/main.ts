// The browser-mode test page: voicemock/browser in a real page, answering the page's own fetch
// calls to the real provider hosts through msw's service worker. The test drives it with
// page.evaluate; what happens is also written into the page, for the screenshot.
import type { SetupWorker } from 'msw/browser';
import { createVoicemock, startWorker, type Voicemock } from '../../../src/browser.ts';

declare global {
  interface Window {
    voicemock: Voicemock;
    worker: SetupWorker;
    show(title: string, value: unknown): void;
  }
}

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
document.body.dataset.ready = 'true';
