// Runs in every test worker (a vitest setup file): collects the mocks created in each test
// file and, after the file, writes what they faced since the last write to the run's folder.
// A mock that lives across files (isolate: false) is counted once: only its growth is written.
import { afterAll, inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MOCK_REGISTRY } from '../core/coverage/registry.ts';
import { mergeReports, totalsOf, type CoverageReport } from '../core/coverage/report.ts';
import type { Voicemock } from '../index.ts';
import { DIR_KEY } from './coverage-options.ts';

interface Collected {
  mocks: Set<Voicemock>;
  written: WeakMap<Voicemock, Map<string, number>>;
  add(mock: object): void;
}

const holder = globalThis as { [MOCK_REGISTRY]?: Collected };
const collected = (holder[MOCK_REGISTRY] ??= {
  mocks: new Set(),
  written: new WeakMap(),
  add(mock) {
    this.mocks.add(mock as Voicemock);
  },
});

/** The report less what an earlier write of the same mock already counted. */
function growth(mock: Voicemock): CoverageReport {
  const report = mock.coverage();
  const before = collected.written.get(mock);
  collected.written.set(mock, new Map(report.items.map((i) => [i.id, i.faced])));
  if (!before) return report;
  const items = report.items.map((i) => ({ ...i, faced: i.faced - (before.get(i.id) ?? 0) }));
  return { ...report, items, totals: totalsOf(items) };
}

afterAll(() => {
  if (collected.mocks.size === 0) return;
  const report = mergeReports([...collected.mocks].map(growth));
  writeFileSync(join(inject(DIR_KEY), `${process.pid}-${randomUUID()}.json`), JSON.stringify(report));
});
