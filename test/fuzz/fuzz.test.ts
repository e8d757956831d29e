// The fuzz suite: every operation of openapi.yaml and control-api.yaml, spec-driven requests
// with mutations, a fixed seed (deterministic), bounded to well under 30 s. bench/fuzz.ts runs
// the same checks longer and with other seeds.
import { expect, it } from 'vitest';
import { fuzz } from './run.ts';

it('no unrequested 5xx, every error in its envelope, every answer on spec, and the server keeps answering', async () => {
  const report = await fuzz({ seed: 20261201, perOperation: 100 });
  expect(report.problems).toEqual([]);
  expect(report.requests).toBeGreaterThan(5000);
}, 120_000);
