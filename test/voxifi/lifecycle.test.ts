// The call lifecycle on the virtual clock: statuses, cost Pending then Posted, the balance
// and ledger, each magic number's outcome, cancel, reset, and the events emitted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VoxifiEventType } from '../../src/voxifi/webhook-events.ts';
import { MAGIC_NUMBERS } from '../../src/voxifi/magic-numbers.ts';
import { useVoxifi } from './helpers.ts';
import { send } from '../support/client.ts';
import { apiContract } from '../support/contracts.ts';

const s = useVoxifi();
let events: Array<{ type: VoxifiEventType; orgId: number; data: Record<string, any> }>;
let unsubscribe: () => void;
beforeEach(() => {
  events = [];
  unsubscribe = s.mock.on('voxifi.event', ({ orgId, type, data }) => events.push({ type, orgId, data }));
});
afterEach(() => unsubscribe());

const SCHEMA: Record<VoxifiEventType, string> = {
  'call.started': 'VxCallStartedEvent',
  'call.ended': 'VxCallEndedEvent',
  'call.completed': 'VxCallCompletedEvent',
  'call.failed': 'VxCallFailedEvent',
};

/** Each event's data fits the documented event schema once wrapped in an envelope. */
function expectEventsMatchContract() {
  for (const e of events) {
    const envelope = { event_type: e.type, event_id: 'evt_test', timestamp: '2026-01-01T09:00:00Z', organization_id: s.org.voxifi.organization_id, data: e.data };
    expect(apiContract().validateAt(`#/components/schemas/${SCHEMA[e.type]}`, envelope), e.type).toEqual([]);
  }
}

const place = async (customer_number = '+15551234567', variables?: Record<string, string>) =>
  (await s.member.post('/calls', { assistant_id: s.agentId, customer_number, variables })).body;
const read = async (id: string) => (await s.member.get(`/calls/${id}`)).body;
const advance = (seconds: number) => s.mock.clock.advance(seconds * 1000);

describe('a normal call', () => {
  it('queued → ringing (1 s) → in-progress (3 s later) → completed (90 s later), cost posted', async () => {
    const call = await place('+15551234567', { firstName: 'Ada' });
    await advance(0.999);
    expect((await read(call.id)).status).toBe('queued');
    await advance(0.001);
    expect((await read(call.id)).status).toBe('ringing');
    await advance(3);
    const live = await read(call.id);
    expect(live).toMatchObject({
      status: 'in-progress', end_time: null, transcript: null,
      cost: 0.18, cost_status: 'Pending', cost_breakdown: { voice: 0.1, llm: 0.06, transcription: 0.02 },
    });
    const startMs = Date.parse(call.created_at) + 4000;
    expect(Date.parse(live.start_time)).toBe(startMs);
    expect((await s.member.get('/balance')).body).toEqual({ balance: 100, pending: 0.18, currency: 'USD' });
    const pendingLedger = (await s.owner.get('/transactions')).body.data;
    expect(pendingLedger).toHaveLength(1);
    expect(pendingLedger[0]).toMatchObject({ type: 'Call Cost', amount: -0.18, balance_after: 99.82, status: 'Pending', call_id: call.id });

    await advance(89);
    expect((await read(call.id)).status).toBe('in-progress');
    await advance(1);
    const done = await read(call.id);
    expect(done).toMatchObject({ status: 'completed', duration_seconds: 90, cost: 0.18, cost_status: 'Posted', sentiment: 'positive', failure_reason: null, error_code: null });
    expect(Date.parse(done.end_time) - Date.parse(done.start_time)).toBe(90_000);
    expect(done.transcript).toContain('Hello Ada, this is Reminder');
    expect((await s.member.get('/balance')).body).toEqual({ balance: 99.82, pending: 0, currency: 'USD' });
    const ledger = (await s.owner.get('/transactions')).body.data;
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ id: pendingLedger[0].id, type: 'Call Cost', amount: -0.18, balance_after: 99.82, status: 'Posted', call_id: call.id });

    expect(events.map((e) => e.type)).toEqual(['call.started', 'call.ended', 'call.completed']);
    expect(events[0]!.data).toEqual({ call_id: call.id, assistant_id: s.agentId, customer_number: '+15551234567', start_time: live.start_time });
    expect(events[1]!.data).toEqual({ call_id: call.id, end_time: done.end_time, duration_seconds: 90 });
    expect(events[2]!.data).toEqual({
      call_id: call.id, assistant_id: s.agentId, customer_number: '+15551234567', start_time: done.start_time, end_time: done.end_time,
      duration_seconds: 90, transcript: done.transcript, cost: 0.18, currency: 'USD', status: 'completed', sentiment: 'positive',
    });
    expect(events.every((e) => e.orgId === s.org.org_id)).toBe(true);
    expectEventsMatchContract();
  });

  it('two calls post two entries; balance_after is the balance when each one posted', async () => {
    await place();
    await advance(10);
    await place('+15005550004');
    await advance(200);
    const ledger = (await s.owner.get('/transactions')).body.data;
    expect(ledger.map((t: { amount: number; balance_after: number; status: string }) => [t.amount, t.balance_after, t.status])).toEqual([
      // Listed by when they connected (the Pending entry is made then), newest first; the short
      // call connected later but posted first.
      [-0.09, 99.91, 'Posted'],
      [-0.18, 99.73, 'Posted'],
    ]);
    expect((await s.member.get('/balance')).body.balance).toBe(99.73);
  });
});

describe('magic destination numbers', () => {
  it('the table documents each number', () => {
    for (const [number, script] of Object.entries(MAGIC_NUMBERS)) {
      expect(number).toMatch(/^\+1500555000\d$/);
      expect(script.description.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['+15005550001', 'busy', 2, 'busy', 'Destination line was busy'],
    ['+15005550002', 'no-answer', 31, 'no_answer', 'Call was not answered'],
    ['+15005550003', 'failed', 1, 'failed', 'Call could not be connected'],
  ])('%s ends %s after %i s with call.failed', async (number, status, seconds, errorCode, reason) => {
    const call = await place(number);
    await advance(seconds - 0.001);
    expect((await read(call.id)).status).not.toBe(status);
    await advance(0.001);
    const ended = await read(call.id);
    expect(ended).toMatchObject({ status, failure_reason: reason, error_code: errorCode, cost: null, cost_status: null, start_time: null, duration_seconds: 0 });
    expect(ended.end_time).not.toBeNull();
    expect(events).toEqual([{ type: 'call.failed', orgId: s.org.org_id, data: { call_id: call.id, failure_reason: reason, error_code: errorCode } }]);
    expectEventsMatchContract();
    expect((await s.member.get('/balance')).body).toEqual({ balance: 100, pending: 0, currency: 'USD' });
    expect((await s.owner.get('/transactions')).body.data).toEqual([]);
    await advance(3600);
    expect((await read(call.id)).status).toBe(status);
  });

  it('+15005550003 never rings', async () => {
    const call = await place('+15005550003');
    await advance(1);
    expect((await read(call.id)).status).toBe('failed');
  });

  it('+15005550004 completes after a short call, billed one minute', async () => {
    const call = await place('+15005550004');
    await advance(14);
    expect(await read(call.id)).toMatchObject({ status: 'completed', duration_seconds: 10, cost: 0.09, cost_status: 'Posted', sentiment: 'neutral' });
    expect((await s.member.get('/balance')).body.balance).toBe(99.91);
  });

  it('+15005550006 is a 305 s call, billed six minutes', async () => {
    const call = await place('+15005550006');
    await advance(309);
    expect(await read(call.id)).toMatchObject({
      status: 'completed', duration_seconds: 305, cost: 0.54, cost_breakdown: { voice: 0.3, llm: 0.18, transcription: 0.06 },
    });
  });

  it('+15005550005 rings until canceled; canceling drops its timers and emits nothing', async () => {
    const call = await place('+15005550005');
    await advance(3600);
    expect((await read(call.id)).status).toBe('ringing');
    expect((await s.member.post(`/calls/${call.id}/cancel`)).body.status).toBe('canceled');
    await advance(3600);
    expect(await read(call.id)).toMatchObject({ status: 'canceled', cost: null });
    expect(events).toEqual([]);
  });

  it('any other number completes normally', async () => {
    const call = await place('+447700900123');
    await advance(94);
    expect((await read(call.id)).status).toBe('completed');
  });
});

describe('cancel and reset stop the engine', () => {
  it('a call canceled while queued never rings, connects or costs', async () => {
    const call = await place();
    await s.member.post(`/calls/${call.id}/cancel`);
    await advance(300);
    expect((await read(call.id)).status).toBe('canceled');
    expect((await s.member.get('/balance')).body).toEqual({ balance: 100, pending: 0, currency: 'USD' });
    expect(events).toEqual([]);
  });

  it('reset drops the timers of every call', async () => {
    await place();
    await advance(4); // connected, cost pending
    await s.mock.reset();
    const org = await s.mock.createOrg({ voxifi: { agents: [{ name: 'A', phone_number: '+15550001000' }] } });
    await advance(300);
    expect(events.map((e) => e.type)).toEqual(['call.started']);
    expect((await send(s.mock, 'GET', `/__voicemock/orgs/${org.org_id}`)).body.voxifi.balance).toBe(100);
    expect((await send(s.mock, 'GET', '/__voicemock/orgs')).body.data.map((o: { voxifi_calls: number }) => o.voxifi_calls)).toEqual([0]);
  });
});
