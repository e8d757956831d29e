// Placing, listing, reading and canceling calls, with every documented call error.
import { describe, expect, it } from 'vitest';
import type { VxCall } from '../../src/voxifi/model.ts';
import { isoSeconds } from '../../src/webhooks/envelope.ts';
import { contextOf } from '../../src/internal.ts';
import { client, clientsOf, expectError, useVoxifi } from './helpers.ts';

const s = useVoxifi();
const place = (body: Record<string, unknown> = {}) => s.member.post('/calls', { assistant_id: s.agentId, customer_number: '+15551234567', ...body });

describe('vxCreateCall', () => {
  it('places a queued call from the agent\'s number', async () => {
    const r = await place({ variables: { firstName: 'Ada' } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      id: expect.stringMatching(/^call_[A-Za-z0-9]{14}$/),
      status: 'queued',
      assistant_id: s.agentId,
      from_number: '+15550001000',
      customer_number: '+15551234567',
      campaign_id: null,
      variables: { firstName: 'Ada' },
      created_at: isoSeconds(s.mock.clock.now()),
      start_time: null,
      end_time: null,
      duration_seconds: 0,
      transcript: null,
      cost: null,
      cost_status: null,
      cost_breakdown: null,
      currency: 'USD',
      sentiment: null,
      failure_reason: null,
      error_code: null,
    });
  });

  it('uses from_number when it is one of the org\'s numbers', async () => {
    const org = await s.mock.createOrg({ voxifi: { agents: [{ name: 'A' }], numbers: ['+15550002000'] } });
    const c = clientsOf(s.mock, org);
    const r = await c.member.post('/calls', { assistant_id: org.voxifi.agents[0]!.id, customer_number: '+442071234567', from_number: '+15550002000' });
    expect(r.status).toBe(200);
    expect(r.body.from_number).toBe('+15550002000');
  });

  it('400 No Phone Number Assigned: agent without a number, or a from_number the org does not own', async () => {
    const agent = (await s.member.post('/agents', { name: 'No number' })).body;
    expectError(await s.member.post('/calls', { assistant_id: agent.id, customer_number: '+15551234567' }), 400, 'no_phone_number_assigned', 'No Phone Number Assigned');
    expectError(await place({ from_number: '+15559999999' }), 400, 'no_phone_number_assigned', 'No Phone Number Assigned');
    expectError(await place({ from_number: 'not a number' }), 400, 'no_phone_number_assigned', 'No Phone Number Assigned');
  });

  it('400 Invalid Phone Number unless customer_number is strict E.164', async () => {
    for (const bad of ['5551234567', '(555) 123-4567', '+1 555 123 4567', '+0123456', '+1', '']) {
      expectError(await place({ customer_number: bad }), 400, 'invalid_phone_number', 'Invalid Phone Number');
    }
  });

  it('404 Agent Not Found for an unknown or deleted agent, before the number is checked', async () => {
    expectError(await place({ assistant_id: 'asst_missing', customer_number: 'bad' }), 404, 'agent_not_found', 'Agent Not Found');
    const agent = (await s.member.post('/agents', { name: 'Gone' })).body;
    await s.admin.delete(`/agents/${agent.id}`);
    expectError(await place({ assistant_id: agent.id }), 404, 'agent_not_found', 'Agent Not Found');
  });

  it('400 Bad Request for a body that breaks the schema', async () => {
    const r = await s.member.post('/calls', { assistant_id: s.agentId });
    expectError(r, 400, 'bad_request', 'Bad Request');
    expect(r.body.error.details[0]).toEqual({ path: 'body', message: "must have required property 'customer_number'" });
    expectError(await place({ variables: { n: 1 } }), 400, 'bad_request', 'Bad Request');
  });

  it('400 Insufficient Balance below the $0.50 minimum, counting pending costs', async () => {
    const poor = await s.mock.createOrg({ voxifi: { balance: 0.49, agents: [{ name: 'A', phone_number: '+15550003000' }] } });
    const p = clientsOf(s.mock, poor);
    const agent = poor.voxifi.agents[0]!.id;
    expectError(await p.member.post('/calls', { assistant_id: agent, customer_number: '+15551234567' }), 400, 'insufficient_balance', 'Insufficient Balance');

    const tight = await s.mock.createOrg({ voxifi: { balance: 0.6, agents: [{ name: 'A', phone_number: '+15550004000' }] } });
    const t = clientsOf(s.mock, tight);
    const tAgent = tight.voxifi.agents[0]!.id;
    expect((await t.member.post('/calls', { assistant_id: tAgent, customer_number: '+15551234567' })).status).toBe(200);
    // Still queued: nothing pending, so a second call is allowed.
    expect((await t.member.post('/calls', { assistant_id: tAgent, customer_number: '+15551234567' })).status).toBe(200);
    await s.mock.clock.advance(4000); // both connected: 0.36 pending of 0.60
    expect((await t.member.get('/balance')).body).toEqual({ balance: 0.6, pending: 0.36, currency: 'USD' });
    expectError(await t.member.post('/calls', { assistant_id: tAgent, customer_number: '+15551234567' }), 400, 'insufficient_balance', 'Insufficient Balance');
  });
});

describe('vxListCalls', () => {
  async function placeMany(n: number) {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await place()).body.id);
    return ids;
  }

  it('lists newest first, 20 by default, with cursor paging to the end', async () => {
    const ids = await placeMany(25);
    const first = await s.member.get('/calls');
    expect(first.body.data.map((c: VxCall) => c.id)).toEqual(ids.slice(5).reverse());
    expect(first.body.has_more).toBe(true);
    expect(first.body.next_cursor).toBe(ids[5]);
    const second = await s.member.get(`/calls?cursor=${first.body.next_cursor}`);
    expect(second.body).toMatchObject({ has_more: false, next_cursor: null });
    expect(second.body.data.map((c: VxCall) => c.id)).toEqual(ids.slice(0, 5).reverse());
  });

  it('pages with limit exactly to the last record', async () => {
    const ids = await placeMany(4);
    const a = await s.member.get('/calls?limit=2');
    const b = await s.member.get(`/calls?limit=2&cursor=${a.body.next_cursor}`);
    expect([...a.body.data, ...b.body.data].map((c: VxCall) => c.id)).toEqual(ids.reverse());
    expect(b.body).toMatchObject({ has_more: false, next_cursor: null });
  });

  it('filters by status and assistant_id', async () => {
    const other = (await s.member.post('/agents', { name: 'Other' })).body;
    await s.member.post(`/phone-numbers/${s.org.voxifi.numbers[0]!.id}/assign`, { assistant_id: other.id });
    const canceled = (await s.member.post('/calls', { assistant_id: other.id, customer_number: '+15551234567' })).body;
    await s.member.post(`/calls/${canceled.id}/cancel`);
    const queued = (await s.member.post('/calls', { assistant_id: other.id, customer_number: '+15551234567' })).body;
    expect((await s.member.get('/calls?status=canceled')).body.data.map((c: VxCall) => c.id)).toEqual([canceled.id]);
    expect((await s.member.get(`/calls?assistant_id=${other.id}&status=queued`)).body.data.map((c: VxCall) => c.id)).toEqual([queued.id]);
    expect((await s.member.get(`/calls?assistant_id=${s.agentId}`)).body.data).toEqual([]);
    const paged = await s.member.get(`/calls?assistant_id=${other.id}&limit=1`);
    expect(paged.body).toMatchObject({ has_more: true, next_cursor: queued.id });
  });

  it('an empty history is one empty page', async () => {
    expect((await s.member.get('/calls')).body).toEqual({ data: [], has_more: false, next_cursor: null });
  });

  it('400 for an unknown cursor or one of another org', async () => {
    const id = (await place()).body.id;
    const r = await s.member.get('/calls?cursor=call_nope');
    expectError(r, 400, 'bad_request', 'Bad Request');
    expect(r.body.error.details).toEqual([{ path: 'query.cursor', message: 'is not a valid cursor' }]);
    const other = await s.mock.createOrg({});
    expectError(await client(s.mock, other.voxifi.api_keys.Owner!).get(`/calls?cursor=${id}`), 400, 'bad_request', 'Bad Request');
  });

  it('stays O(page) with 100,000 calls: reads a page\'s worth of records, not the history', async () => {
    const orgId = s.org.org_id;
    const template = (await place()).body as Omit<VxCall, 'orgId' | 'seq'>;
    // internal: 100,000 calls go straight into the store, and its reads are counted there
    const { store } = contextOf(s.mock);
    const list = store.lists.vxCalls;
    const byId = new Map<string, VxCall>();
    for (let i = 0; i < 100_000; i++) {
      const call = { ...template, id: `call_bulk${i}`, orgId, seq: 1_000_000 + i };
      byId.set(call.id, call);
      list.add(call);
    }
    const live = list.of(orgId);
    let reads = 0;
    const counted = new Proxy(live, { get: (t, p, r) => ((typeof p === 'string' && /^\d+$/.test(p) && reads++), Reflect.get(t, p, r)) });
    const table = store.vxCalls;
    const originalOf = list.of;
    const originalGet = table.get;
    list.of = () => counted;
    table.get = (id) => byId.get(id) ?? originalGet(id);
    try {
      const first = await s.member.get('/calls?limit=50');
      const middle = await s.member.get('/calls?limit=50&cursor=call_bulk50000');
      expect(first.body.data[0].id).toBe('call_bulk99999');
      expect(middle.body.data.map((c: VxCall) => c.id)).toEqual(Array.from({ length: 50 }, (_, i) => `call_bulk${49999 - i}`));
      expect(reads).toBeLessThan(200);
    } finally {
      list.of = originalOf;
      table.get = originalGet;
    }
  });
});

describe('vxGetCall', () => {
  it('reads a call; 404 Not Found for an unknown one', async () => {
    const call = (await place()).body;
    expect((await s.member.get(`/calls/${call.id}`)).body).toEqual(call);
    expectError(await s.member.get('/calls/call_nope'), 404, 'not_found', 'Not Found');
  });
});

describe('vxCancelCall', () => {
  it('cancels a queued call', async () => {
    const call = (await place()).body;
    const r = await s.member.post(`/calls/${call.id}/cancel`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: call.id, status: 'canceled', end_time: call.created_at, cost: null });
  });

  it('cancels a ringing call', async () => {
    const call = (await place({ customer_number: '+15005550005' })).body;
    await s.mock.clock.advance(1000);
    expect((await s.member.get(`/calls/${call.id}`)).body.status).toBe('ringing');
    expect((await s.member.post(`/calls/${call.id}/cancel`)).body.status).toBe('canceled');
  });

  it('400 call_not_cancelable once connected, ended or canceled', async () => {
    const call = (await place()).body;
    await s.mock.clock.advance(4000);
    expectError(await s.member.post(`/calls/${call.id}/cancel`), 400, 'call_not_cancelable', 'Call can only be canceled before it connects');
    await s.mock.clock.advance(100_000);
    expectError(await s.member.post(`/calls/${call.id}/cancel`), 400, 'call_not_cancelable', 'Call can only be canceled before it connects');
    const other = (await place()).body;
    await s.member.post(`/calls/${other.id}/cancel`);
    expectError(await s.member.post(`/calls/${other.id}/cancel`), 400, 'call_not_cancelable', 'Call can only be canceled before it connects');
  });

  it('404 Not Found for an unknown call', async () => {
    expectError(await s.member.post('/calls/call_nope/cancel'), 404, 'not_found', 'Not Found');
  });
});

describe('isolation between organisations', () => {
  it('org B cannot list, read or cancel org A\'s calls, nor use its agent', async () => {
    const call = (await place()).body;
    const b = clientsOf(s.mock, await s.mock.createOrg({ name: 'B' }));
    expect((await b.owner.get('/calls')).body.data).toEqual([]);
    expectError(await b.owner.get(`/calls/${call.id}`), 404, 'not_found', 'Not Found');
    expectError(await b.owner.post(`/calls/${call.id}/cancel`), 404, 'not_found', 'Not Found');
    expectError(await b.owner.post('/calls', { assistant_id: s.agentId, customer_number: '+15551234567' }), 404, 'agent_not_found', 'Agent Not Found');
    expect((await s.member.get(`/calls/${call.id}`)).body.status).toBe('queued');
  });
});
