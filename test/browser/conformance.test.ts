// The conformance table through msw's service worker in real Chromium (voicemock/browser): the
// page's own fetch to the provider hosts, answered by a mock in the page, must answer every
// step as mock.fetch does in Node. User handlers around voicemock's are Node-side msw handlers,
// so that sequence stays in test/conformance/.
import { afterAll, beforeAll, describe } from 'vitest';
import type { Page } from 'playwright-core';
import { openTestPage, skipBrowser, type OpenedPage } from './harness.ts';
import { buildPage } from './page/build.ts';
import type { PageOutcome } from './page/main.ts';
import { documentedExamples, FAULTS, STATEFUL } from '../conformance/cases.ts';
import { conformanceTable } from '../conformance/table.ts';
import { HOST, read, TRANSPORTS, type Outcome, type Transport } from '../conformance/transports.ts';

let page: Page;

/** A page outcome as a Node client would read the same answer. */
function outcomeOf(o: PageOutcome): Promise<Outcome> | Outcome {
  if (o.kind !== 'response') return o;
  const empty = o.body === '' || o.status === 204 || o.status === 304;
  return read(new Response(empty ? null : o.body, { status: o.status, headers: o.headers }));
}

const SERVICE_WORKER: Transport = {
  name: 'service worker in Chromium',
  takesHandlers: false,
  answersElsewhere: true,
  // A bug this table found: the virtual clock's advance lets held work and one more task run
  // before the next timer (src/core/clock.ts settle). In Node a webhook's in-process hop to a
  // built-in receiver fits in that turn; in Chromium it takes longer, so the next timer fires
  // first. The answer webhook is timed at 2000 virtual ms instead of 0, the hangup webhook
  // times out (5000), a Voxifi delivery lands at 09:00:09 instead of 09:00:04, and what shows
  // those differs. Each step below must still answer its status.
  knownDifferences: {
    'voxifi deliveries': 'delivery timed at 5000 virtual ms, not 0',
    'the receiver got the delivery': 'received a clock step late',
    'voxifi list webhooks': 'last_success_at a clock step late',
    'voxifi get webhook': 'last_success_at a clock step late',
    'voxifi update webhook': 'last_success_at a clock step late',
    'control: SFVoPI calls': 'answer webhook timed at 2000 ms; hangup webhook timed out',
  },
  start: async (_mock, _handlers, options) => {
    await page.evaluate((o) => window.restart(o), { seed: options.seed ?? 1, scenarios: options.scenarios ?? [], realClock: options.clock?.kind === 'real' });
    return {
      send: async (s) => outcomeOf(await page.evaluate((r) => window.send(r), { url: HOST + s.path, method: s.method, headers: s.headers, body: s.body })),
      stop: async () => {},
    };
  },
};

describe.skipIf(skipBrowser)('the conformance table through the service worker', { timeout: 60_000 }, () => {
  let opened: OpenedPage | undefined;

  beforeAll(async () => {
    opened = await openTestPage(buildPage);
    page = opened.page;
  }, 120_000);

  afterAll(async () => {
    await opened?.close();
  });

  conformanceTable([STATEFUL, documentedExamples(), FAULTS], [TRANSPORTS[0]!, SERVICE_WORKER]);
});
