// SFVoPI apps: create, list (newest first), get, partial update, delete (unlinks its numbers).
import type { components } from '../generated/openapi.ts';
import type { MockContext } from '../core/context.ts';
import { fail, type OperationRequest } from '../core/operation.ts';
import type { App } from '../sfvopi/model.ts';
import { isoMillis } from '../core/clock.ts';
import { error, FAILURE_PREFIX, MESSAGES, ok, refuseWebhookUrls, type SfvAuth } from './provider.ts';
import { recordLimitError } from '../core/limits.ts';

type Req = OperationRequest<SfvAuth>;

/** Another organisation's app is reported exactly like a missing one. */
export function findApp(ctx: MockContext, orgId: number, appId: string): App {
  const app = ctx.store.apps.get(appId);
  if (!app || app.org_id !== orgId) fail(error(404, MESSAGES.appNotFound));
  return app;
}

export async function createApp({ ctx, auth, body }: Req) {
  const input = body<components['schemas']['CreateAppRequest']>();
  refuseWebhookUrls(ctx, input);
  const max = ctx.config.maxRecordsPerOrg;
  if (ctx.store.apps.countWhere('org_id', auth.orgId) >= max) fail(error(500, `${FAILURE_PREFIX.createApp}: ${recordLimitError('apps', max)}`));
  const now = ctx.clock.now();
  const app = await ctx.store.apps.insert({
    app_id: `sfv_app_${ctx.ids.lower(12)}`,
    org_id: auth.orgId,
    name: input.name,
    answer_url: input.answer_url,
    answer_method: input.answer_method ?? 'POST',
    hangup_url: input.hangup_url ?? null,
    hangup_method: input.hangup_method ?? 'POST',
    fallback_answer_url: input.fallback_answer_url ?? null,
    fallback_answer_method: input.fallback_answer_method ?? 'POST',
    status: 'ACTIVE',
    created_by: auth.userId,
    created_at: isoMillis(now),
    updated_at: null,
  });
  return ok(app);
}

export function listApps({ ctx, auth }: Req) {
  // Insertion order is creation order; newest first.
  return ok(ctx.store.apps.where('org_id', auth.orgId).reverse());
}

export function getApp({ ctx, auth, params }: Req) {
  return ok(findApp(ctx, auth.orgId, params.app_id!));
}

export function updateApp({ ctx, auth, params, body }: Req) {
  const app = findApp(ctx, auth.orgId, params.app_id!);
  const changes = body<components['schemas']['UpdateAppRequest']>();
  refuseWebhookUrls(ctx, changes);
  ctx.store.apps.patch(app, { ...changes, updated_at: isoMillis(ctx.clock.now()) });
  return ok(app);
}

export function deleteApp({ ctx, auth, params }: Req) {
  const app = findApp(ctx, auth.orgId, params.app_id!);
  for (const link of ctx.store.links.where('app_id', app.app_id)) ctx.store.links.remove(link);
  ctx.store.apps.remove(app);
  return ok({ deleted: true });
}
