// The figures of load runs in Prometheus text format (GET /__voicemock/metrics), through
// prom-client, one registry per mock. prom-client needs Node, so the mock is given a loader for
// it (ctx.metricsLibrary, from the Node entries) and calls it when metrics are first asked for:
// the handlers stay browser-safe, and where there is none the endpoint says metrics are unavailable.
import type * as Prom from 'prom-client';
import type { MockContext } from '../core/context.ts';
import { runtimeOf } from '../sfvopi/engine/runtime.ts';
import type { StatsListener } from './stats.ts';
import { SFVOPI_HISTOGRAMS, VOXIFI_HISTOGRAMS } from './stats.ts';
import { ALL_COUNTERS } from './counters.ts';

type PromClient = typeof Prom;

export interface MetricsHub {
  registry: Prom.Registry;
  listener(provider: 'sfvopi' | 'voxifi'): StatsListener;
}

/** Seconds: from a fast local agent (5 ms) to an answer webhook at its 10 s timeout and beyond. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1, 2, 5, 10, 30];


declare module '../core/context.ts' {
  interface Engines {
    /** Made on the first scrape or load run: loading prom-client is not free. */
    metrics: { hub: Promise<MetricsHub | null> | null };
  }
}

async function loadPromClient(ctx: MockContext): Promise<PromClient | null> {
  if (!ctx.metricsLibrary) return null;
  try {
    const mod = (await ctx.metricsLibrary()) as PromClient & { default?: PromClient };
    return mod.default ?? mod;
  } catch {
    return null;
  }
}

function createHub(ctx: MockContext, prom: PromClient): MetricsHub {
  const registry = new prom.Registry();
  // The process's own figures (RSS, heap in use and reserved, event-loop lag), read at each
  // scrape: what a soak needs to tell retained memory from the allocator's reserve.
  prom.collectDefaultMetrics({ register: registry });
  const counters = new Map<string, Prom.Counter<'provider'>>();
  const counter = (name: string) => {
    let c = counters.get(name);
    if (!c) {
      c = new prom.Counter({ name: `voicemock_load_${name}_total`, help: `Load runs: ${name.replace(/_/g, ' ')}`, labelNames: ['provider'], registers: [registry] });
      counters.set(name, c);
    }
    return c;
  };
  // Declared up front so a scrape shows them at zero.
  for (const name of ALL_COUNTERS) counter(name);
  const histograms = new Map<string, Prom.Histogram<'provider'>>();
  const histogram = (name: string) => {
    let h = histograms.get(name);
    if (!h) {
      const base = name.replace(/_ms$/, '');
      h = new prom.Histogram({ name: `voicemock_load_${base}_seconds`, help: `Load runs: ${base.replace(/_/g, ' ')} latency`, labelNames: ['provider'], buckets: BUCKETS, registers: [registry] });
      histograms.set(name, h);
    }
    return h;
  };
  for (const name of [...SFVOPI_HISTOGRAMS, ...VOXIFI_HISTOGRAMS]) histogram(name);
  const failures = new prom.Counter({ name: 'voicemock_load_call_failures_total', help: 'Load runs: failed calls by failure message', labelNames: ['provider', 'message'], registers: [registry] });
  new prom.Gauge({
    name: 'voicemock_sfvopi_live_calls',
    help: 'SFVoPI calls in progress on this mock',
    registers: [registry],
    collect() { this.set(runtimeOf(ctx).runs.size); },
  });
  return {
    registry,
    listener: (provider) => ({
      count: (name, by) => counter(name).inc({ provider }, by),
      sample: (name, ms) => histogram(name).observe({ provider }, ms / 1000),
      failure: (message) => failures.inc({ provider, message }),
    }),
  };
}

/** This mock's metrics, or null when it was given no metrics library (a browser) or it cannot load. */
export function metricsHub(ctx: MockContext): Promise<MetricsHub | null> {
  const slot = ctx.engines.metrics;
  slot.hub ??= loadPromClient(ctx).then((prom) => (prom ? createHub(ctx, prom) : null));
  return slot.hub;
}

export async function metricsListener(ctx: MockContext, provider: 'sfvopi' | 'voxifi'): Promise<StatsListener | undefined> {
  return (await metricsHub(ctx))?.listener(provider);
}
