// Balance, top-ups (Owner, $10 to $10,000) and the ledger (Owner, newest first, cursor paging).
import { describe, expect, it } from 'vitest';
import { clientsOf, expectError, useVoxifi } from './helpers.ts';

const s = useVoxifi();

describe('balance and top-ups', () => {
  it('every role reads the balance', async () => {
    for (const c of [s.owner, s.admin, s.member]) expect((await c.get('/balance')).body).toEqual({ balance: 100, pending: 0, currency: 'USD' });
  });

  it('a top-up adds to the balance and the ledger as Balance Added', async () => {
    const r = await s.owner.post('/balance/top-ups', { amount: 50 });
    expect(r.body).toEqual({
      id: expect.stringMatching(/^txn_[A-Za-z0-9]+$/), type: 'Balance Added', description: expect.any(String),
      amount: 50, balance_after: 150, status: 'Posted', call_id: null, created_at: expect.any(String),
    });
    expect((await s.member.get('/balance')).body.balance).toBe(150);
    expect((await s.owner.get('/transactions')).body.data).toEqual([r.body]);
  });

  it('accepts the bounds $10 and $10,000 and rounds to cents', async () => {
    expect((await s.owner.post('/balance/top-ups', { amount: 10 })).body.balance_after).toBe(110);
    expect((await s.owner.post('/balance/top-ups', { amount: 10_000 })).body.balance_after).toBe(10_110);
    expect((await s.owner.post('/balance/top-ups', { amount: 12.345 })).body.amount).toBe(12.35);
  });

  it('400 invalid_amount outside $10 to $10,000; 400 Bad Request for a bad body', async () => {
    for (const amount of [9.99, 10_000.01, 0, -50]) {
      expectError(await s.owner.post('/balance/top-ups', { amount }), 400, 'invalid_amount', 'Top-up amount must be between $10 and $10,000');
    }
    expectError(await s.owner.post('/balance/top-ups', { amount: '50' }), 400, 'bad_request', 'Bad Request');
    expect((await s.member.get('/balance')).body.balance).toBe(100);
  });
});

describe('transactions', () => {
  it('newest first with cursor paging', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) ids.push((await s.owner.post('/balance/top-ups', { amount: 10 * i })).body.id);
    const a = await s.owner.get('/transactions?limit=3');
    expect(a.body).toMatchObject({ has_more: true, next_cursor: ids[2] });
    expect(a.body.data.map((t: { id: string }) => t.id)).toEqual([ids[4], ids[3], ids[2]]);
    const b = await s.owner.get(`/transactions?limit=3&cursor=${a.body.next_cursor}`);
    expect(b.body).toMatchObject({ has_more: false, next_cursor: null });
    expect(b.body.data.map((t: { id: string }) => t.id)).toEqual([ids[1], ids[0]]);
    expect(b.body.data[0].balance_after).toBe(130);
  });

  it('400 for an invalid limit or cursor', async () => {
    expectError(await s.owner.get('/transactions?limit=500'), 400, 'bad_request', 'Bad Request');
    expectError(await s.owner.get('/transactions?cursor=txn_nope'), 400, 'bad_request', 'Bad Request');
  });

  it('org B sees neither A\'s ledger nor its balance', async () => {
    const entry = (await s.owner.post('/balance/top-ups', { amount: 20 })).body;
    const b = clientsOf(s.mock, await s.mock.createOrg({ voxifi: { balance: 5 } }));
    expect((await b.owner.get('/transactions')).body.data).toEqual([]);
    expect((await b.owner.get('/balance')).body.balance).toBe(5);
    expectError(await b.owner.get(`/transactions?cursor=${entry.id}`), 400, 'bad_request', 'Bad Request');
  });
});
