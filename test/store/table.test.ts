// The store's per-field index: counting and listing one organisation's records reads the index,
// never every record, and stays in step with inserts, patches and removes.
import { describe, expect, it, vi } from 'vitest';
import { createTable } from '../../src/core/store/table.ts';
import { createVoicemock } from '../../src/index.ts';
import { contextOf } from '../../src/internal.ts';

interface Row { id: string; orgId: number; tag: string | null }

async function filled(orgs: number, perOrg: number) {
  const table = createTable<Row>('rows', (r) => r.id);
  for (let i = 0; i < perOrg; i++) {
    for (let org = 1; org <= orgs; org++) await table.insert({ id: `r${org}_${i}`, orgId: org, tag: i % 2 === 0 ? 'even' : null });
  }
  return table;
}

describe('Table per-field index', () => {
  it('lists and counts one org in creation order, as a scan would', async () => {
    const table = await filled(50, 20);
    for (const org of [1, 17, 50]) {
      const scanned = table.all().filter((r) => r.orgId === org);
      expect(table.where('orgId', org)).toEqual(scanned);
      expect(table.countWhere('orgId', org)).toBe(20);
    }
    expect(table.where('orgId', 999)).toEqual([]);
    expect(table.countWhere('orgId', 999)).toBe(0);
  });

  it('follows inserts, patches and removes made after the index was built', async () => {
    const table = await filled(3, 4);
    expect(table.countWhere('orgId', 2)).toBe(4); // builds the index
    const moved = table.get('r1_0')!;
    table.patch(moved, { orgId: 2 });
    table.remove(table.get('r2_3')!);
    await table.insert({ id: 'late', orgId: 2, tag: null });
    table.patch(table.get('r3_1')!, { tag: 'odd' }); // another field: org index untouched
    expect(table.where('orgId', 2).map((r) => r.id)).toEqual(['r2_0', 'r2_1', 'r2_2', 'r1_0', 'late']);
    expect(table.where('orgId', 1).map((r) => r.id)).toEqual(['r1_1', 'r1_2', 'r1_3']);
    expect(table.where('tag', 'odd').map((r) => r.id)).toEqual(['r3_1']);
    table.reset();
    expect(table.countWhere('orgId', 2)).toBe(0);
    await table.insert({ id: 'again', orgId: 2, tag: null });
    expect(table.where('orgId', 2).map((r) => r.id)).toEqual(['again']);
  });

  it('counts without visiting other records once built', async () => {
    const table = await filled(200, 5);
    table.countWhere('orgId', 1);
    // Every record read from now on is counted; an index read touches none.
    const reads = vi.fn();
    for (const row of table.all()) {
      const value = row.orgId;
      Object.defineProperty(row, 'orgId', { get: () => (reads(), value), enumerable: true, configurable: true });
    }
    expect(table.countWhere('orgId', 7)).toBe(5);
    expect(table.where('orgId', 7)).toHaveLength(5);
    expect(reads).not.toHaveBeenCalled();
  });
});

describe('per-org create and list go through the index', () => {
  it('an SFVoPI create and list never scan every app', async () => {
    const mock = await createVoicemock({ seed: 3 });
    const { store } = contextOf(mock); // internal: 2,000 apps go straight into the store, and its reads are counted there
    const own = mock.demo!.org_id;
    // Other organisations' apps, and a few of the demo org's, interleaved.
    for (let i = 0; i < 2000; i++) {
      const org = i % 100 === 0 ? own : 1000 + (i % 7);
      await store.apps.insert({
        app_id: `sfv_app_bench${i}`, org_id: org, name: `App ${i}`, answer_url: 'https://example.com/a', answer_method: 'POST',
        hangup_url: null, hangup_method: 'POST', fallback_answer_url: null, fallback_answer_method: 'POST', status: 'ACTIVE',
        created_by: 1, created_at: '2026-01-01T00:00:00.000Z', updated_at: null,
      });
    }
    const all = vi.spyOn(store.apps, 'all');
    const headers = { 'x-api-key': mock.demo!.sfvopi.api_key, 'content-type': 'application/json' };
    const created = await mock.fetch(new Request('https://api.superfone.co.in/superfone/sfvopi/apps', { method: 'POST', headers, body: JSON.stringify({ name: 'New', answer_url: 'https://example.com/answer' }) }));
    expect(created.status).toBe(200);
    const listed = await mock.fetch(new Request('https://api.superfone.co.in/superfone/sfvopi/apps', { headers }));
    const rows = ((await listed.json()) as { data: Array<{ app_id: string }> }).data;
    expect(all).not.toHaveBeenCalled();
    const expected = store.apps.all().filter((a) => a.org_id === own).reverse().map((a) => a.app_id);
    expect(rows.map((a) => a.app_id)).toEqual(expected);
    expect(rows[0]!.app_id).toBe(((await created.json()) as { data: { app_id: string } }).data.app_id);
  });
});
