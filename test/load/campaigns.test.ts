// Voxifi campaigns that run: start, pause, cancel, concurrency and progress, and the burst of
// signed deliveries; then `voicemock load --provider voxifi` on top of them.
import { describe, expect, it } from 'vitest';
import { createVoicemock } from '../../src/index.ts';
import { verifyWebhookSignature } from '../../src/webhooks/signature.ts';
import { startVoxifiLoad } from '../../src/load/voxifi-runner.ts';
import { contextOf } from '../../src/internal.ts'; // internal: the runner under test takes the mock's context, as the CLI gives it
import { summarize } from '../../src/load/histogram.ts';
import { send } from '../support/mock-client.ts';
import { until } from '../calls/peers.ts';

const SHORT = '+15005550004'; // rings 3 s, talks 10 s

async function world() {
  const received: Array<{ body: string; headers: Headers }> = [];
  let status = 200;
  let refuse = 0;
  const mock = await createVoicemock({
    fetch: async (input, init) => {
      const request = new Request(input, init);
      received.push({ body: await request.text(), headers: request.headers });
      if (refuse > 0) {
        refuse--;
        return new Response('slow down', { status: 429 });
      }
      return new Response('ok', { status });
    },
  });
  const org = await mock.createOrg({ voxifi: { balance: 500, agents: [{ name: 'Renewals', phone_number: '+15550001111' }], rate_limit: { requests: 10_000, per_seconds: 60 } } });
  const key = org.voxifi.api_keys.Owner;
  const vx = (method: string, path: string, body?: unknown) => send(mock, method, `/voxifi/v1${path}`, { body, headers: { authorization: `Bearer ${key}` } });
  return { mock, org, vx, received, setStatus: (s: number) => { status = s; }, refuseNext: (n: number) => { refuse = n; }, agentId: org.voxifi.agents[0]!.id };
}

const csvOf = (n: number) => ['phone_number,firstName,plan', ...Array.from({ length: n }, (_, i) => `${SHORT},Name${i},gold`)].join('\n') + '\n';

describe('Voxifi campaigns that run', () => {
  it('places each row as a call with its variables, at most `concurrency` at once, and completes', async () => {
    const { mock, vx, agentId } = await world();
    const created = (await vx('POST', '/campaigns', { name: 'Renewals', assistant_id: agentId, csv: csvOf(5), concurrency: 2 })).body;
    expect(created).toMatchObject({ status: 'draft', concurrency: 2, progress: { total: 5, pending: 5, active: 0 } });
    const started = await vx('POST', `/campaigns/${created.id}/start`);
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'running', progress: { total: 5, pending: 3, active: 2 } });
    const calls = (await vx('GET', '/calls')).body.data;
    expect(calls).toHaveLength(2);
    expect(calls.map((c: any) => c.campaign_id)).toEqual([created.id, created.id]);
    expect(calls.map((c: any) => c.variables).sort((a: any, b: any) => a.firstName.localeCompare(b.firstName))).toEqual([{ firstName: 'Name0', plan: 'gold' }, { firstName: 'Name1', plan: 'gold' }]);
    let maxActive = 0;
    for (let t = 0; t < 80; t++) {
      await mock.clock.advance(1000);
      const live = (await vx('GET', '/calls')).body.data.filter((c: any) => ['queued', 'ringing', 'in-progress'].includes(c.status)).length;
      maxActive = Math.max(maxActive, live);
    }
    expect(maxActive).toBe(2);
    // A call that ends frees its slot at once: the next contact is dialled at that instant.
    const all = (await vx('GET', '/calls')).body.data.reverse(); // oldest first
    expect(all[2]!.created_at).toBe(all[0]!.end_time);
    const final = (await vx('GET', `/campaigns/${created.id}`)).body;
    expect(final).toMatchObject({ status: 'completed', progress: { total: 5, pending: 0, active: 0, completed: 5, failed: 0, canceled: 0 } });
  });

  it('pause holds new calls, start resumes, cancel ends it and cancels calls not yet connected', async () => {
    const { mock, vx, agentId } = await world();
    const id = (await vx('POST', '/campaigns', { name: 'R', assistant_id: agentId, csv: csvOf(6), concurrency: 2 })).body.id;
    await vx('POST', `/campaigns/${id}/start`);
    expect((await vx('POST', `/campaigns/${id}/pause`)).body).toMatchObject({ status: 'paused', progress: { pending: 4, active: 2 } });
    await mock.clock.advance(20_000);
    expect((await vx('GET', `/campaigns/${id}`)).body).toMatchObject({ status: 'paused', progress: { pending: 4, active: 0, completed: 2 } });
    expect((await vx('POST', `/campaigns/${id}/start`)).body).toMatchObject({ status: 'running', progress: { pending: 2, active: 2 } });
    const canceled = (await vx('POST', `/campaigns/${id}/cancel`)).body;
    expect(canceled).toMatchObject({ status: 'canceled', progress: { pending: 2, active: 0, completed: 2, canceled: 2 } });
    const again = await vx('POST', `/campaigns/${id}/start`);
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: { code: 'invalid_campaign_state', message: 'Campaign is canceled' } });
    expect((await vx('POST', `/campaigns/${id}/pause`)).body.error.message).toBe('Campaign is canceled');
    expect((await vx('POST', '/campaigns/cmp_nope/start')).status).toBe(404);
  });

  it('the burst of deliveries reaches the endpoint signed', async () => {
    const { mock, vx, agentId, received } = await world();
    const hook = (await vx('POST', '/webhooks', { url: 'https://hooks.example.test/voxifi', events: ['call.started', 'call.completed'] })).body;
    const id = (await vx('POST', '/campaigns', { name: 'R', assistant_id: agentId, csv: csvOf(3), concurrency: 3 })).body.id;
    await vx('POST', `/campaigns/${id}/start`);
    await mock.clock.advance(120_000);
    // Signing and sending go on in the background after the clock has moved.
    await until(() => received.length >= 6, 'six deliveries');
    expect(received).toHaveLength(6);
    for (const r of received) {
      const verdict = await verifyWebhookSignature({ rawBody: r.body, secret: hook.secret, signature: r.headers.get('x-webhook-signature')!, timestamp: r.headers.get('x-webhook-timestamp')!, now: mock.clock.now() });
      expect(verdict.ok).toBe(true);
    }
  });
});

describe('voicemock load --provider voxifi', () => {
  it('drives a campaign and reports delivery latency, retries and dead letters', async () => {
    const { mock, refuseNext } = await world();
    // The endpoint answers its first three deliveries 429: each is retried once, then delivered.
    refuseNext(3);
    const api = (request: Request) => mock.fetch(request);
    const run = await startVoxifiLoad(contextOf(mock), { calls: 4, concurrency: 4, webhook_url: 'https://hooks.example.test/v', seed: 1, shard: { index: 0, count: 1 } }, { api });
    let results = null as Awaited<typeof run.done> | null;
    void run.done.then((r) => { results = r; });
    for (let t = 0; t < 3600 && !results; t++) {
      await mock.clock.advance(1000);
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(results).not.toBeNull();
    const r = results!;
    expect(r.counters).toMatchObject({ calls_planned: 4, calls_completed: 4, calls_failed: 0, deliveries: 12, delivered: 12, dead_letters: 0 });
    expect(r.counters.retries).toBe(3);
    // 15 attempts, at most 10 a minute per endpoint: the last go out a minute after the first
    // (which came 4 s in, when the calls connected), for events raised by 14 s.
    expect(summarize(r.histograms.delivery_ms!).max_ms!).toBeGreaterThanOrEqual(50_000);
    expect(summarize(r.histograms.delivery_ms!).count).toBe(12); // every delivered one, timed from when its event was raised
    expect(summarize(r.histograms.delivery_attempt_ms!).count).toBe(12 + r.counters.retries!);
  });
});
