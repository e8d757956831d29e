// Drives a voicemock over HTTP with generated requests and checks each answer: no 5xx that the
// request (Prefer) or an active scenario asked for, errors in the provider's envelope, answers
// valid against the spec, and the server still answering. Shared by the fuzz test and bench/fuzz.ts.
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { nodeCapabilities } from '../../src/http/node-capabilities.ts';
import { contextOf } from '../../src/internal.ts';
import { contractFor } from '../support/contracts.ts';
import { startServer, type RunningServer } from '../../src/http/node-server.ts';
import { openapiDocument } from '../../src/generated/openapi-document.ts';
import { controlApiDocument } from '../../src/generated/control-api-document.ts';
import { call, type Answer } from '../http/over-http.ts';
import { allOperations, requestFor, rngOf, type Credentials, type FuzzRequest } from './generator.ts';

export interface FuzzOptions {
  seed: number;
  /** Requests per operation. */
  perOperation: number;
  /** Probability of a mutation at each level of a request. */
  mutation?: number;
}

export interface FuzzReport {
  requests: number;
  statuses: Record<string, number>;
  problems: string[];
  ms: number;
}

/** Answers that never end (an event stream): test/inspector covers them. */
const ENDLESS = new Set(['streamEvents']);

const neverOut = (async () => new Response('nope', { status: 404 })) as typeof fetch;

function credentialsOf(mock: Voicemock): Credentials {
  const { store } = contextOf(mock); // internal: every table's ids after every step, which no one request lists
  const ids = [
    ...store.apps.all().map((a) => a.app_id),
    ...store.sfvCalls.all().map((c) => c.call_uuid),
    ...store.vxCalls.all().map((c) => c.id),
    ...store.vxAgents.all().map((a) => a.id),
    ...store.vxWebhooks.all().map((w) => w.id),
    ...store.vxNumbers.all().map((n) => n.id),
    ...store.vxDeliveries.all().slice(-20).map((d) => d.id),
    ...store.vxCampaigns.all().map((c) => c.id),
    ...store.orgs.all().map((o) => String(o.id)),
    'fz',
  ];
  return { sfvopiKey: mock.demo?.sfvopi.api_key ?? 'none', voxifiKey: mock.demo?.voxifi.api_keys.Owner ?? 'none', ids };
}

const scenarioActive = (mock: Voicemock) => {
  const s = contextOf(mock).scenarios; // internal: read after every request, where a control request would be journalled itself
  return s.all !== null || s.byOrg.size > 0 || s.byKey.size > 0;
};

function envelopeProblem(path: string, answer: Answer): string | null {
  const body = answer.body as Record<string, any> | undefined;
  if (path.startsWith('/superfone/')) {
    return body && typeof body.message === 'string' && Object.keys(body).length === 1 ? null : 'not {"message"}';
  }
  return body && typeof body.error?.code === 'string' && typeof body.error?.message === 'string' ? null : 'not {"error":{"code","message"}}';
}

/** Keeps a receiver from waiting on the mock's clock (a hook would then hang by request). */
function tame(req: FuzzRequest): FuzzRequest {
  if (req.operationId !== 'configureReceiver' || req.body === undefined) return req;
  try {
    const parsed = JSON.parse(req.body);
    if (parsed && typeof parsed === 'object' && 'delay_ms' in parsed) delete parsed.delay_ms;
    return { ...req, body: JSON.stringify(parsed) };
  } catch {
    return req;
  }
}

export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const mock = await createVoicemock({ ...nodeCapabilities, seed: 7, fetch: neverOut, connectWebSocket: () => { throw new Error('no sockets in the fuzz run'); } });
  const server: RunningServer = await startServer({ mock, port: 0 });
  const rng = rngOf(options.seed);
  const operations = allOperations({ openapi: openapiDocument, control: controlApiDocument });
  const problems: string[] = [];
  const statuses: Record<string, number> = {};
  let requests = 0;
  let creds = credentialsOf(mock);
  try {
    // Interleaved, so state one operation creates is there for the next.
    for (let round = 0; round < options.perOperation; round++) {
      for (const { contract, doc, info } of operations) {
        if (ENDLESS.has(info.operationId)) continue;
        const req = tame(requestFor(doc, contract, info, rng, creds, options.mutation ?? 0.3));
        const requested = req.preferred || scenarioActive(mock) || info.operationId.startsWith('receiveWebhook');
        let answer: Answer;
        try {
          answer = await call(server.url, req.method, req.path, { headers: req.headers, raw: req.body });
        } catch (error) {
          const code = (error as { code?: string }).code ?? '';
          // Bytes no client can put on the wire (Node refuses them before sending).
          if (/^ERR_(INVALID_CHAR|UNESCAPED_CHARACTERS|INVALID_HTTP_TOKEN|HTTP_INVALID_HEADER_VALUE)/.test(code)) continue;
          problems.push(`#${requests} ${req.method} ${req.path.slice(0, 120)}: no answer (${code || (error as Error).message})`);
          continue;
        }
        requests++;
        const label = `#${requests} ${req.method} ${req.path.slice(0, 120)} → ${answer.status}`;
        statuses[`${Math.floor(answer.status / 100)}xx`] = (statuses[`${Math.floor(answer.status / 100)}xx`] ?? 0) + 1;
        if (answer.status >= 500 && !requested) problems.push(`${label}: unrequested ${answer.text.slice(0, 200)}`);
        const pathname = req.path.split('?')[0]!;
        const isJson = /json/.test(String(answer.headers['content-type'] ?? ''));
        // voicemock's own 422 for a Prefer naming no known scenario: deliberately off the providers' contract.
        const refusedName = req.preferred && answer.status === 422 && answer.headers['voicemock-error'] === 'unknown-scenario';
        if (answer.status >= 400 && !refusedName && !info.operationId.startsWith('receiveWebhook') && !(req.preferred && answer.text === '')) {
          const problem = isJson ? envelopeProblem(pathname, answer) : 'not JSON';
          if (problem) problems.push(`${label}: ${problem}: ${answer.text.slice(0, 200)}`);
        }
        // The operation that answered, from the journal (a path trick may reach another one).
        const entry = mock.journal.list({ limit: 20 }).find((e) => e.method === req.method && e.path === new URL(server.url + pathname).pathname);
        if (entry?.operation_id && isJson && !refusedName && !entry.operation_id.startsWith('receiveWebhook')) {
          const validator = contractFor(pathname);
          const headers = new Headers();
          for (const [k, v] of Object.entries(answer.headers)) for (const x of Array.isArray(v) ? v : [v ?? '']) headers.append(k, x);
          const violations = validator.validateResponse(entry.operation_id, { status: answer.status, headers, body: answer.body });
          if (violations.length > 0) problems.push(`${label}: off-spec for ${entry.operation_id}: ${JSON.stringify(violations).slice(0, 300)}`);
        }
        creds = credentialsOf(mock);
        if (requests % 100 === 0) {
          const health = await call(server.url, 'GET', '/__voicemock/health');
          if (health.status !== 200) problems.push(`after #${requests}: health answered ${health.status}`);
          // Fresh state now and then, so memory and ids stay bounded over a long run.
          if (requests % 500 === 0) await mock.reset();
        }
        if (problems.length > 50) return { requests, statuses, problems, ms: performance.now() - started };
      }
    }
    const health = await call(server.url, 'GET', '/__voicemock/health');
    if (health.status !== 200) problems.push(`at the end: health answered ${health.status}`);
  } finally {
    await mock.reset();
    await server.close();
  }
  return { requests, statuses, problems, ms: performance.now() - started };
}
