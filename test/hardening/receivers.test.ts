// Breaks 1 and 2 of the hardening probe: any name created a receiver and each kept 1,000 bodies
// of up to 1 MiB, so five receivers filled the heap (exit 134), and reading one with 800 bodies
// answered 500 "Invalid string length". The same flood, scaled down by small limits.
import { describe, expect, it } from 'vitest';
import { createVoicemock } from '../../src/index.ts';
import { contextOf } from '../../src/internal.ts';
import { send } from '../support/mock-client.ts';

const KiB = 1024;
const COUNT = Math.floor((1024 * KiB - 2) / 3); // `{}` and a comma each, inside 1 MiB

describe('receivers are bounded by configuration', () => {
  it('a flood of large bodies to many names keeps at most maxReceivers receivers and maxReceivedBytes bytes', async () => {
    const mock = await createVoicemock({ config: { maxReceivers: 3, maxReceivedBytes: 64 * KiB, maxReceivedPerReceiver: 1000 } });
    const big = JSON.stringify({ pad: 'x'.repeat(8 * KiB) });
    const statuses = new Set<number>();
    for (let i = 0; i < 40; i++) {
      for (const name of ['r0', 'r1', 'r2', 'r3', 'r4']) {
        statuses.add((await send(mock, 'POST', `/__voicemock/receivers/${name}/hook?i=${i}`, { raw: big })).status);
      }
    }
    expect([...statuses].sort()).toEqual([200, 409]);
    const refused = await send(mock, 'POST', '/__voicemock/receivers/r4/hook', { raw: big });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'limit_reached' });
    expect((await send(mock, 'PUT', '/__voicemock/receivers/r9', { body: {} })).status).toBe(409);
    expect((await send(mock, 'GET', '/__voicemock/receivers/r4')).status).toBe(404);

    // 120 bodies of ~16 KiB accounted arrived; only the newest that fit in 64 KiB are kept.
    let kept = 0;
    for (const name of ['r0', 'r1', 'r2']) {
      const page = await send(mock, 'GET', `/__voicemock/receivers/${name}?limit=1000`);
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(40);
      expect(page.body.dropped + page.body.received.length).toBe(40);
      kept += page.body.received.length;
    }
    expect(kept).toBeGreaterThan(0);
    expect(kept * 2 * big.length).toBeLessThanOrEqual(64 * KiB);
    // The oldest went first, across receivers: what is kept is the end of the flood.
    const r2 = (await send(mock, 'GET', '/__voicemock/receivers/r2')).body;
    expect(r2.received.at(-1).query.i).toBe('39');
    expect((await send(mock, 'GET', '/__voicemock/health')).status).toBe(200);
  });

  it('a receiver keeps maxReceivedPerReceiver entries and pages them by index', async () => {
    const mock = await createVoicemock({ config: { maxReceivedPerReceiver: 5 } });
    for (let n = 0; n < 7; n++) await send(mock, 'POST', '/__voicemock/receivers/paged/hook', { body: { n } });
    const all = (await send(mock, 'GET', '/__voicemock/receivers/paged')).body;
    expect(all).toMatchObject({ total: 7, dropped: 2, next_offset: null });
    expect(all.received.map((r: { index: number; body: { n: number } }) => [r.index, r.body.n])).toEqual([[2, 2], [3, 3], [4, 4], [5, 5], [6, 6]]);
    const page = (await send(mock, 'GET', '/__voicemock/receivers/paged?limit=2&offset=3')).body;
    expect(page.received.map((r: { index: number }) => r.index)).toEqual([3, 4]);
    expect(page.next_offset).toBe(5);
    const before = (await send(mock, 'GET', '/__voicemock/receivers/paged?offset=0&limit=1')).body;
    expect(before.received[0].index).toBe(2); // an evicted offset starts at the oldest kept
    expect((await send(mock, 'GET', '/__voicemock/receivers/paged?limit=0')).status).toBe(400);
  });

  it('reading a receiver with many stored bodies answers one page, never a 500', async () => {
    const mock = await createVoicemock();
    const body = JSON.stringify({ pad: 'y'.repeat(4 * KiB) });
    for (let i = 0; i < 800; i++) await send(mock, 'POST', '/__voicemock/receivers/r0/hook', { raw: body });
    const page = await send(mock, 'GET', '/__voicemock/receivers/r0');
    expect(page.status).toBe(200);
    expect(page.body.received).toHaveLength(100);
    expect(page.body).toMatchObject({ total: 800, dropped: 0, next_offset: 100 });
  });

  // Break 5 of part two: 40 POSTs of a 1 MiB `[{},{},…]` body took RSS to 1.2 GB: the limit
  // counted bytes, but the mock kept the parsed object graph (350,000 objects a body).
  it('a body of many small objects is kept as its text and parsed only when read, a page at most 1 MiB of it', async () => {
    const mock = await createVoicemock({ config: { maxReceivedBytes: 16 * 1024 * KiB } });
    const objects = `[${Array.from({ length: COUNT }, () => '{}').join(',')}]`;
    for (let i = 0; i < 12; i++) expect((await send(mock, 'POST', `/__voicemock/receivers/r${i % 3}/hook`, { raw: objects })).status).toBe(200);
    const all = contextOf(mock).engines.receivers; // internal: the bytes held are the bound under test, and have no view
    expect(all.bytes).toBeLessThanOrEqual(16 * 1024 * KiB);
    const kept = [...all.byName.values()].flatMap((r) => r.received);
    expect(kept.length).toBeGreaterThan(0);
    for (const entry of kept) {
      expect(typeof entry.rawBody).toBe('string');
      expect('body' in entry).toBe(false);
    }
    const page = await send(mock, 'GET', '/__voicemock/receivers/r0?limit=1000');
    expect(page.status).toBe(200);
    expect(page.body.received).toHaveLength(1); // each body is ~1 MiB: one to a page
    expect(page.body.received[0].body).toHaveLength(COUNT);
    expect(page.body.next_offset).toBe(page.body.dropped + 1);
    expect((await send(mock, 'GET', '/__voicemock/health')).status).toBe(200);
  });
});
