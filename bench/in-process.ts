// In-process cost per request, one at a time: mock.fetch, the same through msw's getResponse,
// and a bare msw handler through getResponse as the floor, all measured in the same run.
// `node bench/in-process.ts` runs it alone; `npm run bench` includes it.
import { getResponse, http, HttpResponse } from 'msw';
import { createVoicemock } from '../src/index.ts';

export interface InProcessRow {
  label: string;
  iterations: number;
  meanUs: number;
  p50Us: number;
  p99Us: number;
}

const ORIGIN = 'https://prod-api.superfone.co.in';

async function time(label: string, iterations: number, send: () => Promise<Response | undefined>): Promise<InProcessRow> {
  for (let i = 0; i < Math.min(2000, iterations); i++) await (await send())?.text(); // warm up: JIT, lazy validators
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    const response = await send();
    await response?.text();
    samples[i] = (performance.now() - started) * 1000;
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / iterations;
  const round = (n: number) => Math.round(n * 10) / 10;
  return { label, iterations, meanUs: round(mean), p50Us: round(sorted[Math.floor(iterations / 2)]!), p99Us: round(sorted[Math.floor(iterations * 0.99)]!) };
}

export async function measureInProcess(iterations = 20_000): Promise<InProcessRow[]> {
  const mock = await createVoicemock({ seed: 1 });
  const key = mock.demo!.sfvopi.api_key;
  const post = () => new Request(`${ORIGIN}/superfone/sfvopi/apps`, { method: 'POST', headers: { 'x-api-key': key, 'content-type': 'application/json' }, body: '{"name":"Bench line","answer_url":"https://example.com/answer"}' });
  const get = () => new Request(`${ORIGIN}/superfone/sfvopi/apps/${appId}`, { headers: { 'x-api-key': key } });
  const created = await (await mock.fetch(post())).json();
  const appId: string = created.data.app_id;
  const bare = [http.get('*/superfone/sfvopi/apps/:id', () => HttpResponse.json({ data: { app_id: 'x' } }))];
  const rows: InProcessRow[] = [];
  rows.push(await time('bare msw handler, getResponse (floor)', iterations, () => getResponse(bare, get())));
  rows.push(await time('mock.fetch GET one app', iterations, () => mock.fetch(get())));
  rows.push(await time('getResponse(mock.handlers) GET one app', iterations, () => getResponse(mock.handlers, get())));
  await mock.reset();
  rows.push(await time('mock.fetch POST an app', iterations, () => mock.fetch(post())));
  await mock.reset();
  rows.push(await time('getResponse(mock.handlers) POST an app', iterations, () => getResponse(mock.handlers, post())));
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await measureInProcess()) console.log(`${row.label.padEnd(42)} mean ${row.meanUs} µs  p50 ${row.p50Us} µs  p99 ${row.p99Us} µs`);
}
