// Break 10 of part two: 30 × POST /__voicemock/orgs with 1,000 numbers and 60,000 roles each
// took RSS to 3.4 GB: neither the number of organisations nor their lists had a limit (each
// role listed made a user and a key). Scaled down by a small maxOrgs.
import { describe, expect, it } from 'vitest';
import { createVoicemock } from '../../src/index.ts';
import { contextOf } from '../../src/internal.ts';
import { controlRequest } from '../calls/peers.ts';

describe('organisations are bounded', () => {
  it('past maxOrgs (the demo org counts) POST /orgs answers 409 limit_reached; a reset makes room', async () => {
    const mock = await createVoicemock({ config: { maxOrgs: 3 } });
    expect((await controlRequest(mock, 'POST', '/orgs', {})).status).toBe(200);
    expect((await controlRequest(mock, 'POST', '/orgs', {})).status).toBe(200);
    const refused = await controlRequest(mock, 'POST', '/orgs', {});
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({ code: 'limit_reached', message: 'At most 3 organisations (maxOrgs); reset the mock or raise --max-orgs' });
    expect((await controlRequest(mock, 'GET', '/orgs')).body.data).toHaveLength(3);
    await expect(mock.createOrg()).rejects.toThrow(/maxOrgs/);
    expect((await controlRequest(mock, 'GET', '/health')).status).toBe(200);
    await mock.reset();
    expect((await controlRequest(mock, 'POST', '/orgs', {})).status).toBe(200);
  });

  it('roles are at most the three, each once; 60,000 of them are refused as an invalid body', async () => {
    const mock = await createVoicemock();
    const users = contextOf(mock).store.users.all().length; // internal: the users behind the roles have no view
    const many = await controlRequest(mock, 'POST', '/orgs', { voxifi: { roles: Array.from({ length: 60_000 }, () => 'Member') } });
    expect(many.status).toBe(400);
    const twice = await controlRequest(mock, 'POST', '/orgs', { voxifi: { roles: ['Owner', 'Owner'] } });
    expect(twice.status).toBe(400);
    expect(contextOf(mock).store.users.all()).toHaveLength(users);
    // In process (no contract in the way) a repeated role is one key.
    const org = await mock.createOrg({ voxifi: { roles: ['Owner', 'Member', 'Member'] } });
    expect(Object.keys(org.voxifi.api_keys)).toEqual(['Owner', 'Member']);
  });

  it('lists past their documented size are refused, over HTTP and in process', async () => {
    const mock = await createVoicemock();
    const numbers = Array.from({ length: 1001 }, (_, i) => `+9180${String(i).padStart(8, '0')}`);
    expect((await controlRequest(mock, 'POST', '/orgs', { sfvopi: { numbers } })).status).toBe(400);
    await expect(mock.createOrg({ sfvopi: { numbers } })).rejects.toThrow(/at most 1000 sfvopiNumbers/);
    const agents = Array.from({ length: 101 }, (_, i) => ({ name: `a${i}` }));
    expect((await controlRequest(mock, 'POST', '/orgs', { voxifi: { agents } })).status).toBe(400);
    expect((await controlRequest(mock, 'GET', '/orgs')).body.data).toHaveLength(1);
  });
});
