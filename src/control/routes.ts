// voicemock's control API (control-api.yaml) under /__voicemock/.
import type { components } from '../generated/control-api.ts';
import type { MockContext } from '../core/context.ts';
import { defineOperation, fail, json, unmatchedRoute, type Resolver, type RouteSet } from '../core/operation.ts';
import { operationsOf } from '../core/contract/operations.ts';
import { control, controlError } from './provider.ts';
import { controlApiDocument } from '../generated/control-api-document.ts';
import { VERSION } from '../core/version.ts';
import { createOrg, OrgInputError, orgState } from './orgs.ts';
import { clockResolvers } from './clock.ts';
import { callResolvers } from './calls.ts';
import { eventResolvers } from './event-stream.ts';
import { deliveryResolvers } from './deliveries.ts';
import { inspectorResolvers } from './inspector/page.ts';
import { loadResolvers } from './load-runs.ts';
import { coverageResolvers } from './coverage.ts';
import { converseResolvers } from './converse.ts';
import { scenarioCatalog } from '../core/forcing/catalog.ts';
import { forceableNames, isForceableSoon, unknownScenarioMessage } from '../core/forcing/names.ts';
import { configureReceiver, receive, receiverState, type ReceiverBehaviour } from './receivers.ts';
import { openapiDocument } from '../generated/openapi-document.ts';
import type { ActiveScenarios } from '../core/context.ts';
import { changed } from '../core/changes.ts';
import type { MockHooks } from '../core/part.ts';

const activeView = (a: ActiveScenarios) => ({
  all: a.all,
  orgs: Object.fromEntries([...a.byOrg].map(([k, v]) => [String(k), v])),
  api_keys: Object.fromEntries(a.byKey),
});


export type ControlHooks = MockHooks;

export function controlResolvers(hooks: ControlHooks): Record<string, Resolver<null>> {
  return {
    health: ({ ctx }) => json(200, { status: 'ok', version: VERSION, uptime_ms: Math.round(performance.now() - hooks.startedAt), seed: ctx.ids.seed }),
    reset: async ({ body }) => {
      const input = body<components['schemas']['ResetRequest'] | undefined>();
      return json(200, { reset: true, seed: await hooks.reset(input?.seed) });
    },
    listOrgs: ({ ctx }) => {
      const { store } = ctx;
      const data = store.orgs.all().map((o) => ({
        org_id: o.id,
        name: o.name,
        apps: store.apps.all().filter((a) => a.org_id === o.id).length,
        numbers: store.numbers.all().filter((n) => n.orgId === o.id).length,
        links: store.links.all().filter((l) => l.org_id === o.id).length,
        voxifi_calls: store.lists.vxCalls.of(o.id).length,
        agents: store.vxAgents.all().filter((a) => a.orgId === o.id).length,
      }));
      return json(200, { data });
    },
    createOrg: async ({ ctx, body }) => {
      try {
        return json(200, await createOrg(ctx, body<components['schemas']['CreateOrgRequest'] | undefined>() ?? {}));
      } catch (e) {
        if (e instanceof OrgInputError) fail(controlError(e.status, e.code, e.message));
        throw e;
      }
    },
    getOrgState: ({ ctx, params }) => {
      const state = orgState(ctx, Number(params.org_id));
      if (!state) fail(controlError(404, 'not_found', `no organisation ${params.org_id}`));
      return json(200, state);
    },
    createSession: async ({ ctx, body }) => {
      const input = body<components['schemas']['CreateSessionRequest']>();
      const { store, ids } = ctx;
      let userId: number;
      if (input.org_id === null) {
        userId = ++store.counters.user; // a logged-in user who has not picked an organisation
      } else {
        const owner = store.users.all().find((u) => u.orgId === input.org_id && u.role === 'Owner');
        if (!owner) fail(controlError(404, 'not_found', `no organisation ${input.org_id}`));
        userId = owner.id;
      }
      const token = `sess_${ids.lower(24)}`;
      await store.sessions.insert({ token, userId, orgId: input.org_id, expired: input.expired ?? false });
      return json(200, { session: token });
    },
    revokeApiKey: ({ ctx, body }) => {
      const { api_key } = body<{ api_key: string }>();
      const key = ctx.store.apiKeys.get(api_key);
      if (!key) fail(controlError(404, 'not_found', 'no such API key'));
      ctx.store.apiKeys.patch(key, { revoked: true });
      return json(200, { revoked: true });
    },
    getJournal: ({ ctx, query }) => {
      const flag = (name: string) => query.get(name) === 'true';
      const data = ctx.journal.list({ limit: Number(query.get('limit') ?? 100), unmatched: flag('unmatched'), violations: flag('violations') });
      return json(200, { data, capacity: ctx.journal.capacity, total: ctx.journal.total });
    },
    listScenarios: ({ ctx }) => json(200, { data: scenarioCatalog(openapiDocument), files: [...ctx.faultProfiles.keys()], active: activeView(ctx.scenarios) }),
    activateScenario: async ({ ctx, body }) => {
      const input = body<{ scenario: string | null; org_id?: number; api_key?: string }>();
      if (input.scenario !== null && !(await isForceableSoon(ctx, input.scenario))) {
        fail(controlError(404, 'not_found', unknownScenarioMessage(ctx, input.scenario), { known: forceableNames(ctx) }));
      }
      const set = <K>(map: Map<K, string>, key: K) => (input.scenario === null ? map.delete(key) : map.set(key, input.scenario));
      if (input.api_key !== undefined) {
        if (!ctx.store.apiKeys.get(input.api_key)) fail(controlError(404, 'not_found', 'no such API key'));
        set(ctx.scenarios.byKey, input.api_key);
      } else if (input.org_id !== undefined) {
        if (!ctx.store.orgs.get(String(input.org_id))) fail(controlError(404, 'not_found', `no organisation ${input.org_id}`));
        set(ctx.scenarios.byOrg, input.org_id);
      } else {
        ctx.scenarios.all = input.scenario;
      }
      changed(ctx.bus, 'scenarios');
      return json(200, activeView(ctx.scenarios));
    },
    configureReceiver: ({ ctx, params, body, request }) => {
      configureReceiver(ctx, params.name!, body<ReceiverBehaviour>());
      return json(200, receiverState(ctx, params.name!, new URL(request.url)));
    },
    getReceiver: ({ ctx, params, request }) => json(200, receiverState(ctx, params.name!, new URL(request.url))),
    receiveWebhook: ({ ctx, params, request, rawBody }) => receive(ctx, params.name!, request, rawBody),
    receiveWebhookGet: ({ ctx, params, request }) => receive(ctx, params.name!, request, ''),
    clearJournal: ({ ctx }) => {
      ctx.journal.clear();
      return json(200, { cleared: true });
    },
    ...clockResolvers,
    ...callResolvers,
    ...eventResolvers,
    ...deliveryResolvers,
    ...inspectorResolvers,
    ...loadResolvers({ api: hooks.api }),
    ...coverageResolvers,
    ...converseResolvers({ api: hooks.api }),
  };
}

export function controlRoutes(ctx: MockContext, hooks: ControlHooks): RouteSet {
  const table = operationsOf(controlApiDocument);
  const operations = Object.entries(controlResolvers(hooks)).map(([operationId, resolve]) => {
    const info = table.get(operationId);
    if (!info) throw new Error(`control-api.yaml has no operation ${operationId}`);
    return defineOperation(ctx, control, info, resolve);
  });
  return { operations, prefixes: [unmatchedRoute(ctx, '/__voicemock/', () => controlError(404, 'not_found', 'No such control route'))] };
}
