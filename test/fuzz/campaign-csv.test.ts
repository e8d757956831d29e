// Campaign CSVs through the one way in: every answer is a campaign on spec or one of the
// documented CSV errors, never a 5xx; what a campaign keeps matches the file's non-blank rows;
// the mock keeps answering. Seeded: a failure is reproduced by its seed and index.
import { expect, it } from 'vitest';
import { createVoicemock } from '../../src/index.ts';
import { csvRecords } from '../../src/voxifi/csv.ts';
import { send } from '../support/mock-client.ts';
import { apiContract } from '../support/contracts.ts';
import { rngOf } from './generator.ts';
import { csvFor } from './csv-generator.ts';

const DOCUMENTED = /^(File too large|Missing phone_number column|Invalid phone number on row \d+)$/;

it('fuzzed campaign CSVs answer a campaign or a documented error, and the mock keeps answering', async () => {
  const mock = await createVoicemock({ seed: 7 });
  const rng = rngOf(20261202);
  const headers = { authorization: `Bearer ${mock.demo!.voxifi.api_keys.Owner}` };
  const assistant_id = mock.demo!.voxifi.agents[0]!.id;
  const problems: string[] = [];
  const kinds = new Set<string>();
  for (let i = 0; i < 150; i++) {
    const { kind, csv } = csvFor(rng);
    kinds.add(kind);
    const r = await send(mock, 'POST', '/voxifi/v1/campaigns', { headers, body: { name: `f${i}`, assistant_id, csv } });
    const label = `#${i} ${kind} → ${r.status}`;
    if (r.status === 200) {
      const violations = apiContract().validateAt('#/components/schemas/VxCampaign', r.body);
      if (violations.length > 0) problems.push(`${label}: off-spec ${JSON.stringify(violations).slice(0, 200)}`);
      let rows = -1;
      for (const cells of csvRecords(csv, { maxFields: 1 })) if (cells.length > 0) rows++;
      if (r.body.contacts.length !== rows) problems.push(`${label}: ${r.body.contacts.length} contacts for ${rows} rows`);
    } else if (r.status === 400) {
      const { code, message } = r.body.error ?? {};
      if (code !== 'invalid_csv' || !DOCUMENTED.test(message)) problems.push(`${label}: ${JSON.stringify(r.body).slice(0, 200)}`);
    } else if (r.status !== 413) {
      problems.push(`${label}: ${JSON.stringify(r.body).slice(0, 200)}`);
    }
    if (i % 25 === 24) {
      if ((await send(mock, 'GET', '/__voicemock/health')).status !== 200) problems.push(`after #${i}: health`);
      await mock.reset(); // fresh state: campaigns' contacts stay within maxCampaignBytes
    }
  }
  expect(problems).toEqual([]);
  expect(kinds.size).toBe(8);
  expect((await send(mock, 'GET', '/__voicemock/health')).status).toBe(200);
}, 120_000);
