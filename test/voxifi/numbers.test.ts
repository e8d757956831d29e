// Phone numbers: list, purchase ($10.00 fee), release, assign and unassign.
import { describe, expect, it } from 'vitest';
import { clientsOf, expectError, useVoxifi } from './helpers.ts';

const s = useVoxifi();
const numberId = () => s.org.voxifi.numbers[0]!.id;

describe('phone numbers', () => {
  it('lists the org\'s numbers', async () => {
    const r = await s.member.get('/phone-numbers');
    expect(r.body.data).toEqual([{ id: numberId(), number: '+15550001000', assistant_id: s.agentId, monthly_fee: 0, created_at: expect.any(String) }]);
  });

  it('purchase charges a Phone Number Fee of $10.00', async () => {
    const r = await s.admin.post('/phone-numbers', {});
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ id: expect.stringMatching(/^pn_[A-Za-z0-9]+$/), number: expect.stringMatching(/^\+1555\d{7}$/), assistant_id: null, monthly_fee: 10, created_at: expect.any(String) });
    expect((await s.member.get('/balance')).body.balance).toBe(90);
    const ledger = (await s.owner.get('/transactions')).body.data;
    expect(ledger).toEqual([expect.objectContaining({ type: 'Phone Number Fee', amount: -10, balance_after: 90, status: 'Posted', call_id: null })]);
    expect((await s.member.get('/phone-numbers')).body.data).toHaveLength(2);
  });

  it('purchase honours the country and area code', async () => {
    expect((await s.owner.post('/phone-numbers', { country: 'US', area_code: '415' })).body.number).toMatch(/^\+1415\d{7}$/);
    expect((await s.owner.post('/phone-numbers', { country: 'CA', area_code: '604' })).body.number).toMatch(/^\+1604\d{7}$/);
    expect((await s.owner.post('/phone-numbers', { country: 'GB' })).body.number).toMatch(/^\+447\d{9}$/);
    expect((await s.owner.post('/phone-numbers', { country: 'AU' })).body.number).toMatch(/^\+614\d{8}$/);
  });

  it('purchase: 400 Bad Request for an unknown country; 400 Insufficient Balance under $10', async () => {
    expectError(await s.owner.post('/phone-numbers', { country: 'FR' }), 400, 'bad_request', 'Bad Request');
    expectError(await s.owner.post('/phone-numbers', { area_code: '41' }), 400, 'bad_request', 'Bad Request');
    const poor = clientsOf(s.mock, await s.mock.createOrg({ voxifi: { balance: 9.99 } }));
    expectError(await poor.owner.post('/phone-numbers', {}), 400, 'insufficient_balance', 'Insufficient Balance');
    expect((await poor.owner.get('/phone-numbers')).body.data).toEqual([]);
  });

  it('release removes the number and frees its agent', async () => {
    const r = await s.owner.delete(`/phone-numbers/${numberId()}`);
    expect(r.body).toEqual({ id: numberId(), deleted: true });
    expect((await s.member.get('/phone-numbers')).body.data).toEqual([]);
    expect((await s.member.get(`/agents/${s.agentId}`)).body.phone_number).toBeNull();
    expectError(await s.owner.delete(`/phone-numbers/${numberId()}`), 404, 'not_found', 'Not Found');
    expectError(await s.member.post('/calls', { assistant_id: s.agentId, customer_number: '+15551234567' }), 400, 'no_phone_number_assigned', 'No Phone Number Assigned');
  });

  it('assign moves a number to another agent, one number per agent; null unassigns', async () => {
    const other = (await s.member.post('/agents', { name: 'Other' })).body;
    const moved = await s.member.post(`/phone-numbers/${numberId()}/assign`, { assistant_id: other.id });
    expect(moved.body).toMatchObject({ id: numberId(), assistant_id: other.id });
    expect((await s.member.get(`/agents/${other.id}`)).body.phone_number).toBe('+15550001000');
    expect((await s.member.get(`/agents/${s.agentId}`)).body.phone_number).toBeNull();

    const extra = (await s.owner.post('/phone-numbers', {})).body;
    await s.member.post(`/phone-numbers/${extra.id}/assign`, { assistant_id: other.id });
    expect((await s.member.get(`/agents/${other.id}`)).body.phone_number).toBe(extra.number);
    const list = (await s.member.get('/phone-numbers')).body.data;
    expect(list.find((n: { id: string }) => n.id === numberId()).assistant_id).toBeNull();

    expect((await s.member.post(`/phone-numbers/${extra.id}/assign`, { assistant_id: other.id })).body.assistant_id).toBe(other.id);
    expect((await s.member.post(`/phone-numbers/${extra.id}/assign`, { assistant_id: null })).body.assistant_id).toBeNull();
    expect((await s.member.get(`/agents/${other.id}`)).body.phone_number).toBeNull();
  });

  it('assign: 404 Not Found for the number, 404 Agent Not Found for the agent, 400 for the body', async () => {
    expectError(await s.member.post('/phone-numbers/pn_nope/assign', { assistant_id: s.agentId }), 404, 'not_found', 'Not Found');
    expectError(await s.member.post(`/phone-numbers/${numberId()}/assign`, { assistant_id: 'asst_nope' }), 404, 'agent_not_found', 'Agent Not Found');
    expectError(await s.member.post(`/phone-numbers/${numberId()}/assign`, {}), 400, 'bad_request', 'Bad Request');
  });

  it('org B cannot see, release or assign org A\'s numbers, nor assign to A\'s agent', async () => {
    const orgB = await s.mock.createOrg({ name: 'B', voxifi: { numbers: ['+15550009000'] } });
    const b = clientsOf(s.mock, orgB);
    expect((await b.owner.get('/phone-numbers')).body.data.map((n: { number: string }) => n.number)).toEqual(['+15550009000']);
    expectError(await b.owner.delete(`/phone-numbers/${numberId()}`), 404, 'not_found', 'Not Found');
    expectError(await b.owner.post(`/phone-numbers/${numberId()}/assign`, { assistant_id: null }), 404, 'not_found', 'Not Found');
    expectError(await b.owner.post(`/phone-numbers/${orgB.voxifi.numbers[0]!.id}/assign`, { assistant_id: s.agentId }), 404, 'agent_not_found', 'Agent Not Found');
  });
});
