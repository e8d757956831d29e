import { expect } from 'vitest';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
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
  const mock = await createVoicemock({ fetch: agent.fetch, connectWebSocket: agent.connect });
  agent.bindClock(mock.ctx.clock);
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
    await mock.ctx.clock.advance(stepMs);
    // The hangup of the last call settles after its stream has closed (a few event-loop turns).
    for (let i = 0; i < 5 && results === null; i++) await new Promise((r) => setImmediate(r));
  }
  if (results === null) throw new Error('the load run did not finish');
  return results;
}
