// `voicemock load --provider voxifi`: the native bulk form, a campaign. Sets up an organisation
// with an agent and the user's webhook endpoint, creates a campaign of this shard's contacts
// (each a short call, +15005550004: rings 3 s, talks 10 s), starts it through the API, and
// watches the resulting burst of signed deliveries to the user's endpoint: how long each took
// to be delivered (rate limit and retries included), each attempt's response time, retries
// and dead letters. Everything runs on the mock's clock.
import type { MockContext } from '../core/context.ts';
import type { VxDelivery } from '../voxifi/model.ts';
import { freshVxNumber } from '../voxifi/numbers.ts';
import { callsOfShard, type Shard } from './plan.ts';
import { createStats, VOXIFI_HISTOGRAMS, type LoadResults, type StatsListener } from './stats.ts';
import { VOXIFI_COUNTERS } from './counters.ts';
import { LoadPlanError, type LoadRun, type LoadStatus } from './runner.ts';
import { createTimers } from '../core/timers.ts';

export { VOXIFI_COUNTERS } from './counters.ts';
export const LOAD_CONTACT_NUMBER = '+15005550004';
const POLL_MS = 250;

export interface VoxifiLoadPlan {
  calls: number;
  concurrency: number;
  webhook_url: string;
  seed: number;
  shard: Shard;
}

export interface VoxifiLoadDeps {
  api: (request: Request) => Promise<Response>;
  listener?: StatsListener;
}

/** The run's organisation, made through the control API as any user would. */
async function createLoadOrg(api: VoxifiLoadDeps['api'], input: unknown) {
  const response = await api(new Request('http://localhost/__voicemock/orgs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) }));
  const org = (await response.json().catch(() => null)) as any;
  if (response.status !== 200) throw new LoadPlanError(`POST /__voicemock/orgs answered ${response.status}: ${JSON.stringify(org)}`);
  return org as { org_id: number; voxifi: { api_keys: { Owner: string }; agents: Array<{ id: string }> } };
}

export async function startVoxifiLoad(ctx: MockContext, plan: VoxifiLoadPlan, deps: VoxifiLoadDeps): Promise<LoadRun> {
  if (!(Number.isInteger(plan.concurrency) && plan.concurrency >= 1 && plan.concurrency <= 100)) throw new LoadPlanError('concurrency must be a whole number from 1 to 100');
  const indexes = callsOfShard(plan);
  // The org is only for this run: its API rate limit must not hold the load back.
  const org = await createLoadOrg(deps.api, { name: 'Load test', voxifi: { balance: 1_000_000, agents: [{ name: 'Load agent', phone_number: freshVxNumber(ctx) }], rate_limit: { requests: 1_000_000, per_seconds: 1 } } });
  const key = org.voxifi.api_keys.Owner;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await deps.api(new Request(`https://api.voxifi.ai/voxifi/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }));
    const parsed = (await response.json().catch(() => null)) as any;
    if (response.status !== 200) throw new LoadPlanError(`${method} /voxifi/v1${path} answered ${response.status}: ${JSON.stringify(parsed)}`);
    return parsed;
  };
  await call('POST', '/webhooks', { url: plan.webhook_url, events: ['call.started', 'call.ended', 'call.completed', 'call.failed'] });
  const csv = ['phone_number,name,row', ...indexes.map((i) => `${LOAD_CONTACT_NUMBER},Caller ${i},${i}`)].join('\n') + '\n';
  const created = await call('POST', '/campaigns', { name: 'voicemock load', assistant_id: org.voxifi.agents[0]!.id, csv, concurrency: plan.concurrency });
  const stats = createStats(VOXIFI_COUNTERS, VOXIFI_HISTOGRAMS, deps.listener);
  stats.count('calls_planned', indexes.length);
  const seen = new Set<string>();
  let status: LoadStatus = 'running';
  let quiet = 0;
  const timers = createTimers(ctx.clock);
  let finish: (r: LoadResults) => void = () => {};
  const done = new Promise<LoadResults>((resolve) => { finish = resolve; });
  const campaign = () => ctx.store.vxCampaigns.get(created.id)!;
  // When each of this org's events was raised (ms on the clock), by type and call: a delivery's
  // latency counts from there (its envelope's timestamp has whole seconds only).
  const raised = new Map<string, number>();
  const eventKey = (type: string, data: { call_id?: unknown } | undefined) => `${type} ${String(data?.call_id)}`;
  const stopListening = ctx.bus.on('voxifi.event', (e) => {
    if (e.orgId === org.org_id) raised.set(eventKey(e.type, e.data), ctx.clock.now());
  });
  const raisedAt = (d: VxDelivery) => {
    const key = eventKey(d.event_type, (JSON.parse(d.body) as { data?: { call_id?: unknown } }).data);
    const at = raised.get(key);
    raised.delete(key);
    return at;
  };

  const account = (d: VxDelivery) => {
    seen.add(d.id);
    stats.count('deliveries');
    stats.count('retries', Math.max(0, d.attempts.length - 1));
    for (const a of d.attempts) if (a.duration_ms !== null) stats.sample('delivery_attempt_ms', a.duration_ms);
    if (d.status === 'Delivered') {
      stats.count('delivered');
      const last = d.attempts[d.attempts.length - 1];
      const at = raisedAt(d);
      if (last && at !== undefined) stats.sample('delivery_ms', Date.parse(last.at) + (last.duration_ms ?? 0) - at);
    } else {
      stats.count('dead_letters');
    }
  };

  const end = () => {
    timers.clear();
    stopListening();
    ctx.onReset.delete(onReset);
    const c = ctx.store.vxCampaigns.get(created.id);
    if (c) {
      stats.count('calls_completed', c.progress.completed);
      stats.count('calls_failed', c.progress.failed + c.progress.canceled);
    }
    run.finishedAt = ctx.clock.now();
    finish(stats.results());
  };

  const poll = () => {
    const deliveries = ctx.store.lists.vxDeliveries.of(org.org_id);
    let pending = 0;
    for (const d of deliveries) {
      if (d.status === 'Pending') pending++;
      else if (!seen.has(d.id)) account(d);
    }
    const c = campaign();
    const over = c.status === 'completed' || c.status === 'canceled';
    // Two quiet polls in a row: the last call's deliveries have been created, and all settled.
    quiet = over && c.progress.active === 0 && pending === 0 ? quiet + 1 : 0;
    if (quiet >= 2 || status === 'cancelled') {
      if (status === 'running') status = 'completed';
      return end();
    }
    timers.setTimeout(poll, POLL_MS);
  };
  const onReset = () => {
    status = 'cancelled';
    end();
  };
  ctx.onReset.add(onReset);

  const run: LoadRun = {
    startedAt: ctx.clock.now(),
    finishedAt: null,
    done,
    results: () => stats.results(),
    cancel() {
      if (status !== 'running') return;
      status = 'cancelled';
      void call('POST', `/campaigns/${created.id}/cancel`).catch(() => {});
    },
    progress() {
      const p = ctx.store.vxCampaigns.get(created.id)?.progress;
      return {
        status,
        planned: indexes.length,
        started: p ? p.total - p.pending : 0,
        active: p?.active ?? 0,
        completed: p?.completed ?? 0,
        failed: p ? p.failed + p.canceled : 0,
      };
    },
  };
  await call('POST', `/campaigns/${created.id}/start`);
  timers.setTimeout(poll, POLL_MS);
  return run;
}
