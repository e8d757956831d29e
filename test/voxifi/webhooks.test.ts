// Webhook endpoints (CRUD, secrets, health), the delivery log, the dead letter queue and
// replay, end to end with the delivery engine posting to a stub receiver.
import { describe, expect, it } from 'vitest';
import type { VxDelivery } from '../../src/voxifi/model.ts';
import { clientsOf, expectError, useVoxifi } from './helpers.ts';
import { contextOf } from '../../src/internal.ts';

/** The stub receiver: answers each POST with the status the test sets, records the bodies. */
const receiver = { status: 200, bodies: [] as string[] };
const stubFetch = (async (_url: string | URL | Request, init?: RequestInit) => {
  receiver.bodies.push(String(init?.body));
  return new Response('ok', { status: receiver.status });
}) as typeof fetch;

const s = useVoxifi({}, { fetch: stubFetch });
const hookInput = { url: 'https://example.com/voxifi', events: ['call.started', 'call.ended', 'call.completed', 'call.failed'] };

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = performance.now() + 10_000; // generous: a busy CI machine is slow, never wrong
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

const deliveriesOf = async (webhookId: string): Promise<VxDelivery[]> => (await s.member.get(`/webhooks/${webhookId}/deliveries`)).body.data;

/** Places a call to `number` and runs the clock until it has ended and its events are settled. */
async function runCall(number: string, settled: (ds: VxDelivery[]) => boolean, webhookId: string) {
  await s.member.post('/calls', { assistant_id: s.agentId, customer_number: number });
  await s.mock.clock.advance(100_000);
  await until(async () => settled(await deliveriesOf(webhookId)), 'deliveries to settle');
}

describe('webhook endpoints', () => {
  it('create (Admin) answers the secret once; list and get never show it', async () => {
    const r = await s.admin.post('/webhooks', hookInput);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      id: expect.stringMatching(/^wh_[A-Za-z0-9]{14}$/), ...hookInput, enabled: true, created_at: expect.any(String),
      last_success_at: null, consecutive_failures: 0, total_failures: 0, secret: expect.stringMatching(/^whsec_[A-Za-z0-9]{32}$/),
    });
    const { secret: _secret, ...publicView } = r.body;
    expect((await s.member.get('/webhooks')).body).toEqual({ data: [publicView] });
    expect((await s.member.get(`/webhooks/${r.body.id}`)).body).toEqual(publicView);
  });

  it('create keeps a given secret and enabled flag', async () => {
    const r = await s.owner.post('/webhooks', { ...hookInput, secret: 'whsec_mine123', enabled: false });
    expect(r.body).toMatchObject({ secret: 'whsec_mine123', enabled: false });
    // internal: after create the API never shows a secret again; only the store holds it
    expect(contextOf(s.mock).store.vxWebhooks.get(r.body.id)!.secret).toBe('whsec_mine123');
  });

  it('create: 400 Bad Request for a bad URL, no events, repeated or unknown events, a bad secret', async () => {
    for (const body of [
      { ...hookInput, url: 'ftp://example.com' },
      { ...hookInput, events: [] },
      { ...hookInput, events: ['call.started', 'call.started'] },
      { ...hookInput, events: ['call.answered'] },
      { ...hookInput, secret: 'plain' },
      { events: hookInput.events },
    ]) expectError(await s.admin.post('/webhooks', body), 400, 'bad_request', 'Bad Request');
  });

  it('patch edits url, events and enabled; delete removes it', async () => {
    const hook = (await s.admin.post('/webhooks', hookInput)).body;
    const r = await s.admin.patch(`/webhooks/${hook.id}`, { url: 'https://example.org/h', events: ['call.failed'], enabled: false });
    expect(r.body).toMatchObject({ id: hook.id, url: 'https://example.org/h', events: ['call.failed'], enabled: false });
    expect(r.body.secret).toBeUndefined();
    expectError(await s.admin.patch(`/webhooks/${hook.id}`, { events: [] }), 400, 'bad_request', 'Bad Request');
    expect((await s.owner.delete(`/webhooks/${hook.id}`)).body).toEqual({ id: hook.id, deleted: true });
    expectError(await s.member.get(`/webhooks/${hook.id}`), 404, 'not_found', 'Not Found');
  });

  it('Members may view but not create, edit or delete', async () => {
    const hook = (await s.admin.post('/webhooks', hookInput)).body;
    expect((await s.member.get(`/webhooks/${hook.id}`)).status).toBe(200);
    expectError(await s.member.post('/webhooks', hookInput), 403, 'forbidden', 'Forbidden');
    expectError(await s.member.patch(`/webhooks/${hook.id}`, { enabled: false }), 403, 'forbidden', 'Forbidden');
    expectError(await s.member.delete(`/webhooks/${hook.id}`), 403, 'forbidden', 'Forbidden');
  });

  it('404 Not Found for unknown endpoints on every webhook operation', async () => {
    expectError(await s.member.get('/webhooks/wh_nope'), 404, 'not_found', 'Not Found');
    expectError(await s.admin.patch('/webhooks/wh_nope', { enabled: true }), 404, 'not_found', 'Not Found');
    expectError(await s.admin.delete('/webhooks/wh_nope'), 404, 'not_found', 'Not Found');
    expectError(await s.member.get('/webhooks/wh_nope/deliveries'), 404, 'not_found', 'Not Found');
    expectError(await s.member.get('/webhooks/wh_nope/dead-letters'), 404, 'not_found', 'Not Found');
    expectError(await s.admin.post('/webhooks/wh_nope/dead-letters/dlv_x/replay'), 404, 'not_found', 'Not Found');
  });

  it('org B cannot see, edit or delete org A\'s webhooks or their logs', async () => {
    const hook = (await s.admin.post('/webhooks', hookInput)).body;
    const b = clientsOf(s.mock, await s.mock.createOrg({ name: 'B' }));
    expect((await b.owner.get('/webhooks')).body.data).toEqual([]);
    expectError(await b.owner.get(`/webhooks/${hook.id}`), 404, 'not_found', 'Not Found');
    expectError(await b.owner.patch(`/webhooks/${hook.id}`, { enabled: false }), 404, 'not_found', 'Not Found');
    expectError(await b.owner.delete(`/webhooks/${hook.id}`), 404, 'not_found', 'Not Found');
    expectError(await b.owner.get(`/webhooks/${hook.id}/deliveries`), 404, 'not_found', 'Not Found');
    expectError(await b.owner.get(`/webhooks/${hook.id}/dead-letters`), 404, 'not_found', 'Not Found');
    expect((await s.member.get(`/webhooks/${hook.id}`)).body.enabled).toBe(true);
  });
});

describe('delivery log, dead letters and replay', () => {
  it('a completed call is delivered as started, ended, completed; the log is newest first and pages', async () => {
    receiver.status = 200;
    receiver.bodies = [];
    const hook = (await s.admin.post('/webhooks', hookInput)).body;
    await runCall('+15551234567', (ds) => ds.length === 3 && ds.every((d) => d.status === 'Delivered'), hook.id);
    const log = (await s.member.get(`/webhooks/${hook.id}/deliveries`)).body;
    expect(log.data.map((d: VxDelivery) => d.event_type)).toEqual(['call.completed', 'call.ended', 'call.started']);
    expect(log.data[0]).toMatchObject({ webhook_id: hook.id, status: 'Delivered', response_code: 200, attempt: 1, dead_lettered: false });
    // The guarantee (README, "Delivery order"): the engine starts one endpoint's deliveries in
    // event order, read from the log's attempt times; deliveries in flight at once may reach
    // the receiver in any order, so arrival is compared as a set.
    const oldestFirst = [...log.data].reverse() as VxDelivery[];
    const starts = oldestFirst.map((d) => Date.parse(d.attempts[0]!.at));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(oldestFirst.map((d) => d.event_type)).toEqual(['call.started', 'call.ended', 'call.completed']);
    expect(receiver.bodies.map((b) => JSON.parse(b).event_type).sort()).toEqual(['call.completed', 'call.ended', 'call.started']);
    const health = (await s.member.get(`/webhooks/${hook.id}`)).body;
    expect(health.last_success_at).not.toBeNull();
    expect(health.consecutive_failures).toBe(0);

    const first = (await s.member.get(`/webhooks/${hook.id}/deliveries?limit=2`)).body;
    expect(first).toMatchObject({ has_more: true, next_cursor: log.data[1].id });
    const rest = (await s.member.get(`/webhooks/${hook.id}/deliveries?limit=2&cursor=${first.next_cursor}`)).body;
    expect(rest).toMatchObject({ has_more: false, next_cursor: null });
    expect(rest.data.map((d: VxDelivery) => d.id)).toEqual([log.data[2].id]);
    expect((await s.member.get(`/webhooks/${hook.id}/deliveries?status=Failed`)).body.data).toEqual([]);
    expectError(await s.member.get(`/webhooks/${hook.id}/deliveries?status=Lost`), 400, 'bad_request', 'Bad Request');
    expectError(await s.member.get(`/webhooks/${hook.id}/deliveries?cursor=dlv_nope`), 400, 'bad_request', 'Bad Request');
    expect((await s.member.get(`/webhooks/${hook.id}/dead-letters`)).body).toEqual({ data: [] });
  });

  it('a permanent 4xx dead-letters the event; replay (Owner/Admin) delivers it again', async () => {
    receiver.status = 410;
    receiver.bodies = [];
    const hook = (await s.admin.post('/webhooks', { ...hookInput, events: ['call.failed'] })).body;
    await runCall('+15005550001', (ds) => ds.length === 1 && ds[0]!.dead_lettered, hook.id);
    const dead = (await s.member.get(`/webhooks/${hook.id}/dead-letters`)).body.data;
    expect(dead).toEqual([expect.objectContaining({ event_type: 'call.failed', status: 'Failed', response_code: 410, dead_lettered: true })]);
    expect((await s.member.get(`/webhooks/${hook.id}/deliveries?status=Failed`)).body.data.map((d: VxDelivery) => d.id)).toEqual([dead[0].id]);
    expect((await s.member.get(`/webhooks/${hook.id}`)).body).toMatchObject({ consecutive_failures: 1, total_failures: 1, last_success_at: null });

    expectError(await s.member.post(`/webhooks/${hook.id}/dead-letters/${dead[0].id}/replay`), 403, 'forbidden', 'Forbidden');
    receiver.status = 200;
    const replayed = await s.admin.post(`/webhooks/${hook.id}/dead-letters/${dead[0].id}/replay`);
    expect(replayed.status).toBe(200);
    expect(replayed.body).toMatchObject({ id: dead[0].id, status: 'Pending', dead_lettered: false });
    await until(async () => (await deliveriesOf(hook.id)).find((d) => d.id === dead[0].id)?.status === 'Delivered', 'the replay to land');
    expect((await s.member.get(`/webhooks/${hook.id}/dead-letters`)).body.data).toEqual([]);
    expect((await s.member.get(`/webhooks/${hook.id}`)).body.consecutive_failures).toBe(0);
    // No longer a dead letter: replaying again finds nothing in the queue.
    expectError(await s.admin.post(`/webhooks/${hook.id}/dead-letters/${dead[0].id}/replay`), 404, 'not_found', 'Not Found');
  });

  it('replay: 404 for an unknown delivery or one of another endpoint', async () => {
    receiver.status = 410;
    const hook = (await s.admin.post('/webhooks', { ...hookInput, events: ['call.failed'] })).body;
    const other = (await s.admin.post('/webhooks', { ...hookInput, url: 'https://example.net/h' })).body;
    await runCall('+15005550003', (ds) => ds.length === 1 && ds[0]!.dead_lettered, hook.id);
    const dead = (await deliveriesOf(hook.id))[0]!;
    expectError(await s.admin.post(`/webhooks/${hook.id}/dead-letters/dlv_nope/replay`), 404, 'not_found', 'Not Found');
    expectError(await s.admin.post(`/webhooks/${other.id}/dead-letters/${dead.id}/replay`), 404, 'not_found', 'Not Found');
    const b = clientsOf(s.mock, await s.mock.createOrg({ name: 'B' }));
    expectError(await b.owner.post(`/webhooks/${hook.id}/dead-letters/${dead.id}/replay`), 404, 'not_found', 'Not Found');
  });
});
