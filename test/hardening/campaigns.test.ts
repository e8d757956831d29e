// Breaks 7–9 of part two. A 200-contact campaign made 250 call records under
// --max-records-per-org 50; 40 campaigns of 10 MB CSVs took RSS to 1.5 GB; GET /campaigns sent
// every contact (431 MB) and answered 500 at 52 campaigns: its one JSON text passed V8's
// longest string. CSV parsing copied the whole file into records (10 MB of blank lines: +500 MB).
// Scaled down by small limits; each asserts what is kept and what is answered.
import { describe, expect, it } from 'vitest';
import { csvRecords } from '../../src/voxifi/csv.ts';
import { MAX_CSV_ROWS } from '../../src/voxifi/campaigns.ts';
import { clientsOf, orgInput } from '../voxifi/helpers.ts';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { contextOf } from '../../src/internal.ts';

// internal: the contact bytes held are the bound under test, and have no view.
const contactBytes = (mock: Voicemock) => contextOf(mock).engines.voxifiCampaigns.contactBytes;

const csvOf = (n: number, extra = '') => `phone_number,name\n${Array.from({ length: n }, (_, i) => `+1555${String(i).padStart(7, '0')},c${i}${extra}`).join('\n')}\n`;

async function setup(config: Record<string, number> = {}) {
  const mock = await createVoicemock({ seedDemoOrg: false, config });
  const org = await mock.createOrg(orgInput({ voxifi: { balance: 1000 } }));
  const { owner } = clientsOf(mock, org);
  const create = (csv: string, extra: Record<string, unknown> = {}) => owner.post('/campaigns', { name: 'c', assistant_id: org.voxifi.agents[0]!.id, csv, ...extra });
  return { mock, org, owner, create };
}

describe('campaign calls count against maxRecordsPerOrg (break 7)', () => {
  it('a 12-contact campaign under a limit of 5 makes 5 call records; the rest count as failed', async () => {
    const { mock, org, owner, create } = await setup({ maxRecordsPerOrg: 5 });
    const campaign = (await create(csvOf(12), { concurrency: 100 })).body;
    expect((await owner.post(`/campaigns/${campaign.id}/start`)).status).toBe(200);
    expect((await owner.get('/calls')).body.data).toHaveLength(5);
    const progress = (await owner.get(`/campaigns/${campaign.id}`)).body.progress;
    expect(progress).toMatchObject({ total: 12, pending: 0, failed: 7 });
    // Direct calls meet the same limit.
    const direct = await owner.post('/calls', { assistant_id: org.voxifi.agents[0]!.id, customer_number: '+15559999999' });
    expect(direct.status).toBe(500);
  });
});

describe('stored campaigns are bounded (break 8)', () => {
  it('past maxCampaignBytes a campaign is refused with the provider 500 and the reason; the server keeps answering', async () => {
    const { mock, owner, create } = await setup({ maxCampaignBytes: 64 * 1024 });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await create(csvOf(100, 'x'.repeat(40)))).status);
    expect(statuses).toContain(200);
    expect(statuses.at(-1)).toBe(500);
    const refused = await create(csvOf(100));
    expect(refused.body.error).toMatchObject({ code: 'server_error', message: 'Server Error' });
    expect(refused.body.error.details[0].message).toMatch(/maxCampaignBytes/);
    expect(contactBytes(mock)).toBeLessThanOrEqual(64 * 1024);
    expect((await create(csvOf(1))).status).toBe(200); // a small one still fits
    expect((await owner.get('/campaigns')).status).toBe(200);
    await mock.reset();
    expect(contactBytes(mock)).toBe(0);
  });

  it('the list pages newest first and leaves contacts out unless asked', async () => {
    const { owner, create } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) ids.push((await create(csvOf(3))).body.id);
    const first = await owner.get('/campaigns');
    expect(first.status).toBe(200);
    expect(first.body.data.map((c: { id: string }) => c.id)).toEqual(ids.slice(5).reverse());
    expect(first.body.data.every((c: object) => !('contacts' in c))).toBe(true);
    expect(first.body).toMatchObject({ has_more: true, next_cursor: ids[5] });
    const second = await owner.get(`/campaigns?limit=100&cursor=${first.body.next_cursor}`);
    expect(second.body).toMatchObject({ has_more: false, next_cursor: null });
    expect(second.body.data.map((c: { id: string }) => c.id)).toEqual(ids.slice(0, 5).reverse());
    const withContacts = await owner.get('/campaigns?limit=2&include=contacts');
    expect(withContacts.body.data[0].contacts).toHaveLength(3);
    expect((await owner.get('/campaigns?cursor=cmp_nope')).status).toBe(400);
    expect((await owner.get('/campaigns?limit=101')).status).toBe(400);
  });

  it('a page with contacts stops before passing 10,000 of them (one campaign at least)', async () => {
    const { owner, create } = await setup();
    for (let i = 0; i < 3; i++) expect((await create(csvOf(MAX_CSV_ROWS / 2 + 1))).status).toBe(200);
    const page = await owner.get('/campaigns?include=contacts');
    expect(page.body.data).toHaveLength(1);
    expect(page.body.has_more).toBe(true);
    expect((await owner.get('/campaigns')).body.data).toHaveLength(3);
  });
});

describe('CSV parsing keeps contacts, not the file (break 9)', () => {
  it('5 MB of blank lines (10 MB as JSON): accepted with 0 contacts, records produced one at a time', async () => {
    const { create } = await setup();
    const csv = 'phone_number\n' + '\n'.repeat(5 * 1024 * 1024);
    const r = await create(csv);
    expect(r.status).toBe(200);
    expect(r.body.contacts).toEqual([]);
    const records = csvRecords(csv);
    expect(records.next().value).toEqual(['phone_number']);
    expect(records.next().value).toEqual([]); // lazily: nothing else was parsed
  });

  it('a commas-only CSV is refused with the documented File too large; a record keeps at most maxFields fields', async () => {
    const { create } = await setup();
    const line = ','.repeat(69);
    const csv = `phone_number${line}\n${`${line}\n`.repeat(100_000)}`;
    const r = await create(csv);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'invalid_csv', message: 'File too large' });
    expect(csvRecords(','.repeat(1_000_000), { maxFields: 2 }).next().value).toEqual(['', '']);
  });

  it('a wide header over many rows is refused by its cost before the variables are built', async () => {
    const { mock, create } = await setup({ maxCampaignBytes: 256 * 1024 });
    const header = `phone_number,${Array.from({ length: 5000 }, (_, i) => `v${i}`).join(',')}`;
    const rows = Array.from({ length: 200 }, (_, i) => `+1555${String(i).padStart(7, '0')}`).join('\n');
    const r = await create(`${header}\n${rows}\n`);
    expect(r.status).toBe(500);
    expect(contactBytes(mock)).toBe(0);
  });
});
