// voicemock/browser: the same mock in a web page, answering the page's fetch calls through
// msw's service worker. Write the worker script once with `npx voicemock init <publicDir>`.
//
//   const mock = await createVoicemock();
//   const worker = setupWorker(...mock.handlers);
//   await worker.start({ onUnhandledFrame: 'bypass' });
//
// or `await startWorker(mock)`, which does the same. Everything of voicemock's main entry is
// here too (it is browser-safe).
import { setupWorker, type SetupWorker } from 'msw/browser';
import type { Voicemock } from './index.ts';

export * from './index.ts';

export interface StartWorkerOptions {
  /** Where the page serves mockServiceWorker.js (default '/mockServiceWorker.js'). */
  url?: string;
  /** Log each intercepted request to the console (default false). */
  log?: boolean;
}

/** Registers the service worker and answers every request voicemock knows; the rest go to the network. */
export async function startWorker(mock: Voicemock, options: StartWorkerOptions = {}): Promise<SetupWorker> {
  const worker = setupWorker(...mock.handlers);
  await worker.start({
    serviceWorker: { url: options.url ?? '/mockServiceWorker.js' },
    onUnhandledFrame: 'bypass',
    quiet: !options.log,
  });
  return worker;
}
