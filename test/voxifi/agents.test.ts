// AI agents: create, list, get, edit, delete (which unassigns its number).
import { describe, expect, it } from 'vitest';
import { clientsOf, expectError, useVoxifi } from './helpers.ts';

const s = useVoxifi();

describe('agents', () => {
  it('creates, lists, reads and edits an agent', async () => {
    const created = await s.member.post('/agents', { name: 'Renewals', variables: ['firstName', 'company'] });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^asst_[A-Za-z0-9]{14}$/),
      name: 'Renewals',
      phone_number: null,
      variables: ['firstName', 'company'],
      created_at: expect.any(String),
    });
    expect((await s.member.post('/agents', { name: 'Bare' })).body.variables).toEqual([]);
    const list = (await s.member.get('/agents')).body.data;
    expect(list.map((a: { name: string }) => a.name)).toEqual(['Reminder', 'Renewals', 'Bare']);
    expect(list[0]).toMatchObject({ id: s.agentId, phone_number: '+15550001000' });
    expect((await s.member.get(`/agents/${created.body.id}`)).body).toEqual(created.body);
    const edited = await s.member.patch(`/agents/${created.body.id}`, { name: 'Renewals 2', variables: [] });
    expect(edited.body).toEqual({ ...created.body, name: 'Renewals 2', variables: [] });
    expect((await s.member.patch(`/agents/${created.body.id}`, {})).body).toEqual(edited.body);
  });

  it('400 Bad Request for invalid bodies', async () => {
    expectError(await s.member.post('/agents', {}), 400, 'bad_request', 'Bad Request');
    expectError(await s.member.post('/agents', { name: 'x'.repeat(101) }), 400, 'bad_request', 'Bad Request');
    expectError(await s.member.patch(`/agents/${s.agentId}`, { phone_number: '+15550001000' }), 400, 'bad_request', 'Bad Request');
  });

  it('404 Agent Not Found comes before body validation', async () => {
    expectError(await s.member.get('/agents/asst_nope'), 404, 'agent_not_found', 'Agent Not Found');
    expectError(await s.member.patch('/agents/asst_nope', { name: '' }), 404, 'agent_not_found', 'Agent Not Found');
    expectError(await s.admin.delete('/agents/asst_nope'), 404, 'agent_not_found', 'Agent Not Found');
  });

  it('delete (Owner or Admin) unassigns its number; Members get 403', async () => {
    expectError(await s.member.delete(`/agents/${s.agentId}`), 403, 'forbidden', 'Forbidden');
    const r = await s.admin.delete(`/agents/${s.agentId}`);
    expect(r.body).toEqual({ id: s.agentId, deleted: true });
    expectError(await s.member.get(`/agents/${s.agentId}`), 404, 'agent_not_found', 'Agent Not Found');
    const numbers = (await s.member.get('/phone-numbers')).body.data;
    expect(numbers).toEqual([expect.objectContaining({ number: '+15550001000', assistant_id: null })]);
    const other = (await s.member.post('/agents', { name: 'Other' })).body;
    expect((await s.owner.delete(`/agents/${other.id}`)).status).toBe(200);
  });

  it('org B cannot see, edit or delete org A\'s agents', async () => {
    const b = clientsOf(s.mock, await s.mock.createOrg({ name: 'B' }));
    expect((await b.owner.get('/agents')).body.data).toEqual([]);
    expectError(await b.owner.get(`/agents/${s.agentId}`), 404, 'agent_not_found', 'Agent Not Found');
    expectError(await b.owner.patch(`/agents/${s.agentId}`, { name: 'Hijacked' }), 404, 'agent_not_found', 'Agent Not Found');
    expectError(await b.owner.delete(`/agents/${s.agentId}`), 404, 'agent_not_found', 'Agent Not Found');
    expect((await s.member.get(`/agents/${s.agentId}`)).body.name).toBe('Reminder');
  });
});
