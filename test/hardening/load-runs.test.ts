// Break 4 of part two: 30 × POST /__voicemock/sfvopi/load {calls: 10000, rate_per_second: 0.001}
// took RSS to 1.8 GB, each POST blocked the server for seconds, and all 30 stayed running
// although at most 20 are documented as kept. Each run made all its timers at once, and Node
// fires a timer of more than 2^31-1 ms at once: every call of the run started immediately.
import { describe, expect, it } from 'vitest';
import { createRealClock, createVoicemock, type Voicemock } from '../../src/index.ts';
import { contextOf } from '../../src/internal.ts';

// internal: the runs kept are the bound under test; the control API reads one run by id, and lists none.
const keptRuns = (mock: Voicemock) => contextOf(mock).engines.loadRuns;
import { controlRequest } from '../calls/peers.ts';
import { sfvopiClient } from '../support/mock-client.ts';
import { createEchoAgent } from '../load/echo-agent.ts';
import { NUMBER } from '../load/helpers.ts';

async function world(config: Record<string, number>, real = false): Promise<Voicemock> {
  const agent = createEchoAgent({ replyDelayMs: 100 });
  const mock = await createVoicemock({ fetch: agent.fetch, connectWebSocket: agent.connect, config, ...(real ? { clock: createRealClock() } : {}) });
  agent.bindClock(mock.clock);
  const org = await mock.createOrg({ sfvopi: { numbers: [NUMBER] } });
  const api = sfvopiClient(mock, org.sfvopi.api_key);
  const app = await api.post('/apps', { name: 'Agent', answer_url: 'https://agent.invalid/answer' });
  await api.post(`/apps/${app.body.data.app_id}/numbers`, { voip_number: NUMBER });
  return mock;
}

const slow = { direction: 'inbound', to: NUMBER, calls: 10000, rate_per_second: 0.001, hold_seconds: 1 };
const quick = { direction: 'inbound', to: NUMBER, calls: 1, rate_per_second: 1, hold_seconds: 1 };
const start = (mock: Voicemock, plan: object) => controlRequest(mock, 'POST', '/sfvopi/load', plan);
const turns = async (n: number) => { for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 0)); };

describe('load runs are bounded', () => {
  it('past maxActiveLoadRuns running, a new run is refused with 409 limit_reached before it starts', async () => {
    const mock = await world({ maxActiveLoadRuns: 2 });
    expect((await start(mock, slow)).status).toBe(200);
    expect((await start(mock, slow)).status).toBe(200);
    const refused = await start(mock, slow);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({ code: 'limit_reached', message: 'At most 2 load runs at once (maxActiveLoadRuns); cancel one or raise --max-active-load-runs' });
    expect(keptRuns(mock).size).toBe(2);
    const [first] = [...keptRuns(mock).keys()];
    expect((await controlRequest(mock, 'POST', `/sfvopi/load/${first}/cancel`)).status).toBe(200);
    expect((await start(mock, slow)).status).toBe(200);
    await mock.reset();
  });

  it('POSTs at the same moment cannot pass maxActiveLoadRuns together', async () => {
    const mock = await world({ maxActiveLoadRuns: 2 });
    const statuses = (await Promise.all(Array.from({ length: 6 }, () => start(mock, slow)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    expect(statuses.filter((s) => s === 409)).toHaveLength(4);
    expect(keptRuns(mock).size).toBe(2);
    await mock.reset();
  });

  it('at most maxLoadRuns are kept, the oldest finished going first; all running and full: 409', async () => {
    const mock = await world({ maxLoadRuns: 3, maxActiveLoadRuns: 10 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await start(mock, quick)).body.load_id);
      for (let t = 0; t < 40; t++) { await mock.clock.advance(100); await turns(1); }
      expect((await controlRequest(mock, 'GET', `/sfvopi/load/${ids.at(-1)}`)).body.status).toBe('completed');
    }
    expect([...keptRuns(mock).keys()]).toEqual(ids.slice(2));
    expect((await controlRequest(mock, 'GET', `/sfvopi/load/${ids[0]}`)).status).toBe(404);
    for (let i = 0; i < 3; i++) expect((await start(mock, slow)).status).toBe(200);
    expect(keptRuns(mock).size).toBe(3);
    const full = await start(mock, slow);
    expect(full.status).toBe(409);
    expect(full.body.error.message).toMatch(/maxLoadRuns/);
    await mock.reset();
  });

  it('creation does not place the calls: health answers right after, before the run has started any call', async () => {
    const mock = await world({});
    const run = await start(mock, { ...slow, rate_per_second: 1000 });
    expect(run.body).toMatchObject({ status: 'running', planned: 10000, started: 0 });
    expect((await controlRequest(mock, 'GET', '/health')).status).toBe(200);
    expect((await controlRequest(mock, 'GET', '/sfvopi/calls')).body.data).toHaveLength(0);
    // On the clock, one call per timer: 5 ms of it starts the calls due by then, no more.
    await mock.clock.advance(5);
    await turns(3);
    expect((await controlRequest(mock, 'GET', `/sfvopi/load/${run.body.load_id}`)).body.started).toBe(6);
    await mock.reset();
  });

  it('on a real clock, calls due in 1,000 s do not start at once (Node overflows timers past 2^31-1 ms)', async () => {
    const mock = await world({}, true);
    const run = await start(mock, slow);
    await turns(20);
    const status = await controlRequest(mock, 'GET', `/sfvopi/load/${run.body.load_id}`);
    expect(status.body.started).toBe(1); // the one due at 0
    await controlRequest(mock, 'POST', `/sfvopi/load/${run.body.load_id}/cancel`);
    await mock.reset();
  });
});
