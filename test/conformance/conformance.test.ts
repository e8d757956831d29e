// One table, every transport: each sequence runs through each transport over a fresh mock with
// the same seed, and every step must give the same status, body and the headers that matter
// (mock.fetch is the reference). Hono's router common cases, done for voicemock's transports.
// The service worker runs the same table in Chromium: test/browser/conformance.test.ts.
import { documentedExamples, FAULTS, STATEFUL, USER_HANDLERS } from './cases.ts';
import { conformanceTable } from './table.ts';
import { TRANSPORTS } from './transports.ts';

conformanceTable([STATEFUL, documentedExamples(), FAULTS, USER_HANDLERS], TRANSPORTS);
