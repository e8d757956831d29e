import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { nodeCapabilities } from '../../src/http/node-capabilities.ts';
import type { components } from '../../src/generated/control-api.ts';
import { sfvopiClient } from '../support/mock-client.ts';
import { createEchoAgent, type EchoAgent, type EchoAgentOptions } from './echo-agent.ts';
import { DEFAULT_PLAN, type LoadPlan } from '../../src/load/plan.ts';
import type { LoadRun } from '../../src/load/runner.ts';
import type { LoadResults } from '../../src/load/stats.ts';

export const NUMBER = '+918000000003';

export interface LoadWorld {
  mock: Voicemock;
  agent: EchoAgent;
  apiKey: string;
}

/** A mock on a virtual clock whose only webhook peer and WebSocket server is the echo agent, with an app linked to NUMBER. */
export async function loadWorld(options: EchoAgentOptions): Promise<LoadWorld> {
  const agent = createEchoAgent(options);
  const mock = await createVoicemock({ ...nodeCapabilities, fetch: agent.fetch, connectWebSocket: agent.connect });
  agent.bindClock(mock.clock);
  const org = await mock.createOrg({ sfvopi: { numbers: [NUMBER] } });
  const api = sfvopiClient(mock, org.sfvopi.api_key);
  const created = await api.post('/apps', { name: 'Agent', answer_url: 'https://agent.invalid/answer' });
  expect(created.status).toBe(200);
  expect((await api.post(`/apps/${created.body.data.app_id}/numbers`, { voip_number: NUMBER })).status).toBe(200);
  return { mock, agent, apiKey: org.sfvopi.api_key };
}

export function inboundPlan(changes: Partial<LoadPlan> = {}): LoadPlan {
  return { ...DEFAULT_PLAN, target: { provider: 'sfvopi', direction: 'inbound', to: NUMBER }, audio: { type: 'tone', frequency_hz: 440 }, ...changes };
}

/** Advances the virtual clock until the run is over. */
export async function drive(mock: Voicemock, run: LoadRun, stepMs = 100, maxMs = 10 * 60_000): Promise<LoadResults> {
  let results: LoadResults | null = null;
  void run.done.then((r) => { results = r; });
  for (let t = 0; t < maxMs && results === null; t += stepMs) {
    await mock.clock.advance(stepMs);
    // An inbound call asks its answer webhook on the next real macrotask, and the last hangup
    // settles after its stream has closed: let both happen before the clock moves on, so the
    // run does not depend on how fast the machine is.
    await new Promise((r) => setTimeout(r, 0));
    for (let i = 0; i < 5 && results === null; i++) await new Promise((r) => setImmediate(r));
  }
  if (results === null) throw new Error('the load run did not finish');
  return results;
}

type AjvClass = typeof import('ajv/dist/2020.js').default;
const Ajv2020 = ((Ajv2020Module as unknown as { default?: AjvClass }).default ?? Ajv2020Module) as AjvClass;
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
const schema = JSON.parse(readFileSync(new URL('../../src/load/report.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
(addFormats as unknown as (a: unknown) => void)(ajv);
const validate = ajv.compile(schema);

/** The report matches src/load/report.schema.json. */
export function expectValidReport(report: unknown): void {
  const ok = validate(report);
  expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
  expect(ok).toBe(true);
}


/** The mock's SFVoPI calls, newest first, as GET /__voicemock/sfvopi/calls shows them. */
export async function sfvopiCalls(mock: Voicemock): Promise<Array<components['schemas']['SfvCall']>> {
  const response = await mock.fetch('http://127.0.0.1:4010/__voicemock/sfvopi/calls');
  return ((await response.json()) as { data: Array<components['schemas']['SfvCall']> }).data;
}
