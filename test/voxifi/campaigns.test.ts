// Bulk campaigns from CSV, with the documented rules and messages, and the CSV parser itself.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/voxifi/csv.ts';
import { clientsOf, expectError, useVoxifi } from './helpers.ts';

const s = useVoxifi();
const create = (csv: string, extra: Record<string, unknown> = {}) => s.member.post('/campaigns', { name: 'March renewals', assistant_id: s.agentId, csv, ...extra });
const csvError = (message: string) => ['invalid_csv', message] as const;

describe('vxCreateCampaign', () => {
  it('creates a draft with one contact per row; other columns become variables', async () => {
    const r = await create('phone_number,firstName,company\n+15551234567,Ada,Analytical Engines\r\n"+447700900123"," Grace ","Navy, US"\n');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      id: expect.stringMatching(/^cmp_[A-Za-z0-9]{14}$/),
      name: 'March renewals',
      assistant_id: s.agentId,
      status: 'draft',
      concurrency: 10,
      progress: { total: 2, pending: 2, active: 0, completed: 0, failed: 0, canceled: 0 },
      contacts: [
        { phone_number: '+15551234567', variables: { firstName: 'Ada', company: 'Analytical Engines' } },
        { phone_number: '+447700900123', variables: { firstName: 'Grace', company: 'Navy, US' } },
      ],
      created_at: expect.any(String),
    });
    expect((await s.member.get(`/campaigns/${r.body.id}`)).body).toEqual(r.body);
    const { contacts: _c, ...summary } = r.body;
    expect((await s.member.get('/campaigns')).body).toEqual({ data: [summary], has_more: false, next_cursor: null });
    expect((await s.member.get('/campaigns?include=contacts')).body).toEqual({ data: [r.body], has_more: false, next_cursor: null });
  });

  it('the phone_number column may be anywhere; blank lines are skipped; a BOM is ignored', async () => {
    const r = await create('\uFEFFname,phone_number\n\nAda,+15551234567\n\n');
    expect(r.body.contacts).toEqual([{ phone_number: '+15551234567', variables: { name: 'Ada' } }]);
  });

  it('400 Missing phone_number column', async () => {
    for (const csv of ['phone,name\n+15551234567,Ada\n', '', 'Phone_Number\n+15551234567\n']) {
      expectError(await create(csv), 400, ...csvError('Missing phone_number column'));
    }
  });

  it('400 Invalid phone number on row X, counting the header as row 1', async () => {
    expectError(await create('phone_number\n+15551234567\n555-123-4567\n'), 400, ...csvError('Invalid phone number on row 3'));
    expectError(await create('phone_number,name\n+15551234567,Ada\n\n,Bob\n'), 400, ...csvError('Invalid phone number on row 4'));
    expectError(await create('phone_number\n5551234567\n'), 400, ...csvError('Invalid phone number on row 2'));
  });

  it('400 File too large over 10 MB', async () => {
    const row = `+15551234567,${'x'.repeat(1000)}\n`;
    const csv = 'phone_number,notes\n' + row.repeat(Math.ceil((10 * 1024 * 1024) / row.length) + 1);
    expect(csv.length).toBeGreaterThan(10 * 1024 * 1024);
    expectError(await create(csv), 400, ...csvError('File too large'));
  });

  it('10,000 contacts are accepted; 10,001 are File too large', async () => {
    const rows = (n: number) => 'phone_number\n' + '+15551234567\n'.repeat(n);
    expect((await create(rows(10_000))).body.contacts).toHaveLength(10_000);
    expectError(await create(rows(10_001)), 400, ...csvError('File too large'));
  });

  it('413 payload_too_large past the 11 MB body limit', async () => {
    expectError(await create('x'.repeat(12 * 1024 * 1024)), 413, 'payload_too_large', 'Payload Too Large');
  });

  it('404 Agent Not Found; 400 No Phone Number Assigned for an agent without a number; 400 Bad Request', async () => {
    expectError(await create('phone_number\n', { assistant_id: 'asst_nope' }), 404, 'agent_not_found', 'Agent Not Found');
    const bare = (await s.member.post('/agents', { name: 'Bare' })).body;
    expectError(await create('phone_number\n', { assistant_id: bare.id }), 400, 'no_phone_number_assigned', 'No Phone Number Assigned');
    expectError(await s.member.post('/campaigns', { name: 'x', assistant_id: s.agentId }), 400, 'bad_request', 'Bad Request');
  });

  it('404 Not Found for an unknown campaign; org B sees none of A\'s', async () => {
    const campaign = (await create('phone_number\n+15551234567\n')).body;
    expectError(await s.member.get('/campaigns/cmp_nope'), 404, 'not_found', 'Not Found');
    const b = clientsOf(s.mock, await s.mock.createOrg({ name: 'B' }));
    expect((await b.owner.get('/campaigns')).body.data).toEqual([]);
    expectError(await b.owner.get(`/campaigns/${campaign.id}`), 404, 'not_found', 'Not Found');
    expectError(await b.owner.post('/campaigns', { name: 'x', assistant_id: s.agentId, csv: 'phone_number\n' }), 404, 'agent_not_found', 'Agent Not Found');
  });
});

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, embedded commas and newlines, CRLF and a missing final newline', () => {
    expect(parseCsv('a,b\r\n"x ""y""","1,2"\n"multi\nline",z')).toEqual([['a', 'b'], ['x "y"', '1,2'], ['multi\nline', 'z']]);
  });

  it('keeps blank lines as empty records so row numbers match the file', () => {
    expect(parseCsv('a\n\nb\n')).toEqual([['a'], [], ['b']]);
    expect(parseCsv('')).toEqual([]);
  });
});
