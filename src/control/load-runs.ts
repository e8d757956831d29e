// The control API of load runs (POST /__voicemock/sfvopi/load, its status, results and
// cancel) and GET /__voicemock/metrics.
import type { components } from '../generated/control-api.ts';
import { fail, json, type Resolver } from '../core/operation.ts';
import { controlError } from './provider.ts';
import { DEFAULT_PLAN, type LoadPlan } from '../load/plan.ts';
import { LoadPlanError, startSfvopiLoad, type LoadRun } from '../load/runner.ts';
import { buildReport, unknownThreshold } from '../load/report.ts';
import { keepRun, loadRuns, roomForRun, type KeptRun } from '../load/kept-runs.ts';
import { metricsHub, metricsListener } from '../load/metrics-hub.ts';
import type { MockContext } from '../core/context.ts';

type LoadRequest = components['schemas']['LoadRequest'];

export interface LoadHooks {
  /** The mock's own API (outbound load places its calls through POST /calls). */
  api?: (request: Request) => Promise<Response>;
}

const statusOf = (id: string, run: LoadRun) => ({ load_id: id, ...run.progress() });

function keptOr404(ctx: MockContext, id: string): KeptRun {
  const kept = loadRuns(ctx).get(id);
  if (!kept) fail(controlError(404, 'not_found', `no load run ${id}`));
  return kept;
}

export function loadResolvers(hooks: LoadHooks): Record<string, Resolver<null>> {
  return {
    startSfvopiLoad: async ({ ctx, body }) => {
      const input = body<LoadRequest>();
      const full = roomForRun(ctx);
      if (full) fail(controlError(409, 'limit_reached', full));
      const thresholds = input.thresholds ?? [];
      const unknown = unknownThreshold('sfvopi', thresholds);
      if (unknown) fail(controlError(400, 'invalid_request', `unknown threshold ${unknown.name}`));
      const plan: LoadPlan = {
        ...DEFAULT_PLAN,
        target: { provider: 'sfvopi', direction: input.direction, to: input.to, from: input.from, answer_url: input.answer_url, api_key: input.api_key },
        calls: input.calls,
        rate_per_second: input.rate_per_second ?? DEFAULT_PLAN.rate_per_second,
        hold_seconds: input.hold_seconds ?? DEFAULT_PLAN.hold_seconds,
        hangup_between_seconds: (input.hangup_between_seconds as [number, number] | null | undefined) ?? null,
        audio: input.audio ?? DEFAULT_PLAN.audio,
        utterance_end_ms: input.utterance_end_ms ?? null,
        late_after_ms: input.late_after_ms ?? DEFAULT_PLAN.late_after_ms,
        seed: input.seed ?? DEFAULT_PLAN.seed,
        shard: input.shard ?? DEFAULT_PLAN.shard,
      };
      let run: LoadRun;
      try {
        run = await startSfvopiLoad(ctx, plan, { api: hooks.api, listener: await metricsListener(ctx, 'sfvopi') });
      } catch (e) {
        if (e instanceof LoadPlanError) fail(controlError(400, 'invalid_plan', e.message));
        throw e;
      }
      // Another POST may have taken the last place while this one awaited: its calls have not started yet.
      const late = roomForRun(ctx);
      if (late) {
        run.cancel();
        fail(controlError(409, 'limit_reached', late));
      }
      const id = `load_${ctx.ids.lower(12)}`;
      const { api_key: _secret, ...target } = plan.target;
      keepRun(ctx, { id, run, plan: { ...plan, target }, thresholds });
      return json(200, statusOf(id, run));
    },
    getSfvopiLoad: ({ ctx, params }) => {
      const { id, run } = keptOr404(ctx, params.load_id!);
      return json(200, statusOf(id, run));
    },
    getSfvopiLoadResults: ({ ctx, params }) => {
      const { run, plan, thresholds } = keptOr404(ctx, params.load_id!);
      const { status } = run.progress();
      return json(200, buildReport({
        provider: 'sfvopi', plan, shards: [plan.shard as LoadPlan['shard']], startedAt: run.startedAt,
        finishedAt: run.finishedAt ?? ctx.clock.now(), status, results: run.results(), thresholds,
      }));
    },
    cancelSfvopiLoad: ({ ctx, params }) => {
      const { id, run } = keptOr404(ctx, params.load_id!);
      run.cancel();
      return json(200, statusOf(id, run));
    },
    getMetrics: async ({ ctx }) => {
      const hub = await metricsHub(ctx);
      if (!hub) fail(controlError(503, 'unavailable', 'metrics need prom-client, which this mock was not given (createVoicemock({ metricsLibrary }); voicemock/server exports nodeCapabilities)'));
      return new Response(await hub.registry.metrics(), { status: 200, headers: { 'content-type': hub.registry.contentType } });
    },
  };
}
