// In-process (no HTTP): what 100 vs 100,000 stored Voxifi calls cost in heap, and how long
// mock.fetch takes for get-by-id and for a list page (first and deep) at each size. Then SFVoPI
// apps: a create and a list with 10 or 10,000 other apps beside the caller's (the store held at
// that size), and a create as the store grows from empty.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { operationsOf } from '../src/core/contract/operations.ts';
import { openapiDocument } from '../src/generated/openapi-document.ts';
import { createVoicemock, type Voicemock } from '../src/index.ts';
import { contextOf } from '../src/internal.ts';
import type { VxCall } from '../src/voxifi/model.ts';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
// Several passes: one full GC can leave garbage that a finaliser or weak ref only frees on the next.
const gc = () => {
  for (let i = 0; i < 3; i++) collect();
};

export interface Timing {
  meanUs: number;
  p50Us: number;
  p99Us: number;
  /** Answers that were not 200 (should be 0). */
  failures: number;
}

export interface ScaleResult {
  calls: number;
  heapDeltaMb: number;
  bytesPerCall: number;
  insertMs: number;
  getById: Timing | null;
  listFirstPage: Timing | null;
  listDeepPage: Timing | null;
  /** Contract violations of a sample get-by-id answer (should be []). */
  sampleViolations: unknown[] | null;
}

const ORIGIN = 'http://127.0.0.1:4010';

function hasOperation(path: string): boolean {
  return [...operationsOf(openapiDocument).values()].some((o) => o.path === path);
}

function syntheticCall(mock: Voicemock, i: number): VxCall {
  const { demo } = mock;
  const ctx = contextOf(mock); // fills the store directly: a million calls through the API would be the benchmark itself
  const at = ctx.clock.now() - (1_000_000 - i) * 1000;
  return {
    id: `call_bench${String(i).padStart(8, '0')}`,
    status: 'completed',
    assistant_id: demo!.voxifi.agents[0]?.id ?? 'asst_bench',
    from_number: demo!.voxifi.numbers[0]?.number ?? '+15550000001',
    customer_number: `+1555${String(1_000_000 + (i % 9_000_000)).slice(-7)}`,
    campaign_id: null,
    variables: { name: 'Ada' },
    created_at: new Date(at).toISOString(),
    start_time: new Date(at + 2000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    end_time: new Date(at + 62_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    duration_seconds: 60,
    transcript: 'Agent: Hello. Customer: Hi.',
    cost: 0.12,
    cost_status: 'Posted',
    cost_breakdown: { voice: 0.05, llm: 0.04, transcription: 0.03 },
    currency: 'USD',
    sentiment: 'positive',
    failure_reason: null,
    error_code: null,
    orgId: demo!.org_id,
    seq: ctx.store.nextSeq(),
  } as VxCall;
}

/** `after` sees each answer's body, untimed (e.g. to delete what it created). */
async function timeRequests(mock: Voicemock, make: () => Request, iterations: number, warmup = Math.min(200, iterations), after?: (body: string) => void): Promise<Timing> {
  const samples = new Float64Array(iterations);
  let failures = 0;
  for (let i = -warmup; i < iterations; i++) {
    const request = make();
    const started = performance.now();
    const response = await mock.fetch(request);
    const body = await response.text();
    const took = performance.now() - started;
    after?.(body);
    if (i < 0) continue; // warm-up
    samples[i] = took * 1000;
    if (response.status !== 200) failures++;
  }
  const sorted = samples.sort();
  const mean = sorted.reduce((a, b) => a + b, 0) / iterations;
  return { meanUs: mean, p50Us: sorted[Math.floor(iterations * 0.5)]!, p99Us: sorted[Math.floor(iterations * 0.99)]!, failures };
}

const time = (mock: Voicemock, urls: () => string, headers: Record<string, string>, iterations: number) =>
  timeRequests(mock, () => new Request(urls(), { headers }), iterations);

export async function measureStoreScale(calls: number, iterations = 2000): Promise<ScaleResult> {
  // A rate limit no benchmark reaches: the point is the store, not the 429.
  const mock = await createVoicemock({ config: { voxifiRateLimit: { requests: 1e12, perSeconds: 1 } } });
  const { store } = contextOf(mock);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const insertStarted = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < calls; i++) {
    const stored = await store.vxCalls.insert(syntheticCall(mock, i));
    store.lists.vxCalls.add(stored);
    ids.push(stored.id);
  }
  const insertMs = performance.now() - insertStarted;
  gc();
  const heapDelta = process.memoryUsage().heapUsed - heapBefore;

  const result: ScaleResult = {
    calls,
    heapDeltaMb: heapDelta / 2 ** 20,
    bytesPerCall: heapDelta / calls,
    insertMs,
    getById: null,
    listFirstPage: null,
    listDeepPage: null,
    sampleViolations: null,
  };
  const headers = { authorization: `Bearer ${mock.demo!.voxifi.api_keys.Owner}` };
  const random = () => ids[Math.floor(Math.random() * ids.length)]!;
  if (hasOperation('/voxifi/v1/calls/{call_id}')) {
    const sample = await mock.fetch(new Request(`${ORIGIN}/voxifi/v1/calls/${ids[0]}`, { headers }));
    result.sampleViolations = sample
      ? contextOf(mock).contract.validateResponse('vxGetCall', { status: sample.status, headers: sample.headers, body: await sample.json() })
      : [{ message: 'no answer' }];
    result.getById = await time(mock, () => `${ORIGIN}/voxifi/v1/calls/${random()}`, headers, iterations);
  }
  if (hasOperation('/voxifi/v1/calls')) {
    result.listFirstPage = await time(mock, () => `${ORIGIN}/voxifi/v1/calls?limit=20`, headers, iterations);
    // A cursor in the middle of the list: the page starts 50% of the way back in time.
    const middle = ids[Math.floor(ids.length / 2)]!;
    result.listDeepPage = await time(mock, () => `${ORIGIN}/voxifi/v1/calls?limit=20&cursor=${middle}`, headers, iterations);
  }
  return result;
}

export interface AppsScaleResult {
  /** Apps of other organisations in the store while timing. */
  beside: number;
  /** POST /superfone/sfvopi/apps, each created app deleted again (untimed), so the store stays at `beside`. */
  create: Timing;
  /** GET /superfone/sfvopi/apps of the caller, who holds 10 apps. */
  list: Timing;
}

export interface GrowingResult {
  creates: number;
  /** The first and the last `window` creates of one organisation as its apps pile up. */
  first: Timing;
  last: Timing;
  window: number;
}

const SFV = 'https://api.superfone.co.in/superfone/sfvopi/apps';
const NEW_APP = JSON.stringify({ name: 'Bench line', answer_url: 'https://example.com/answer' });

async function appsMock(): Promise<{ mock: Voicemock; key: string; orgId: number }> {
  const mock = await createVoicemock({ config: { maxRecordsPerOrg: 1e9 } });
  return { mock, key: mock.demo!.sfvopi.api_key, orgId: mock.demo!.org_id };
}

function syntheticApp(i: number, orgId: number) {
  return {
    app_id: `sfv_app_bench${String(i).padStart(8, '0')}`, org_id: orgId, name: `Bench ${i}`, answer_url: 'https://example.com/answer',
    answer_method: 'POST' as const, hangup_url: null, hangup_method: 'POST' as const, fallback_answer_url: null, fallback_answer_method: 'POST' as const,
    status: 'ACTIVE' as const, created_by: 1, created_at: '2026-01-01T00:00:00.000Z', updated_at: null,
  };
}

/** Create and list with `beside` apps of 50 other organisations in the store. */
export async function measureAppsScale(beside: number, iterations = 2000): Promise<AppsScaleResult> {
  const { mock, key, orgId } = await appsMock();
  const { apps } = contextOf(mock).store;
  for (let i = 0; i < beside; i++) await apps.insert(syntheticApp(i, 100_000 + (i % 50)));
  for (let i = 0; i < 10; i++) await apps.insert(syntheticApp(beside + i, orgId));
  const headers = { 'x-api-key': key, 'content-type': 'application/json' };
  const remove = (body: string) => {
    const created = apps.get((JSON.parse(body) as { data: { app_id: string } }).data.app_id);
    if (created) apps.remove(created);
  };
  const create = await timeRequests(mock, () => new Request(SFV, { method: 'POST', headers, body: NEW_APP }), iterations, 200, remove);
  const list = await timeRequests(mock, () => new Request(SFV, { headers }), iterations);
  return { beside, create, list };
}

/** One organisation creating `creates` apps in a row, from an empty store. */
export async function measureGrowingCreates(creates = 20_000, window = 1000): Promise<GrowingResult> {
  const { mock, key } = await appsMock();
  const headers = { 'x-api-key': key, 'content-type': 'application/json' };
  const make = () => new Request(SFV, { method: 'POST', headers, body: NEW_APP });
  const first = await timeRequests(mock, make, window, 0);
  await timeRequests(mock, make, Math.max(1, creates - 2 * window), 0);
  const last = await timeRequests(mock, make, window, 0);
  return { creates, first, last, window };
}
