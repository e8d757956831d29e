// Webhook endpoints: list, create (Owner/Admin; the secret is shown only in this answer), get
// with health counters, edit/enable/disable, delete. Delivery itself is delivery.ts's.
import type { components } from '../generated/openapi.ts';
import type { MockContext } from '../core/context.ts';
import { fail, type OperationRequest } from '../core/operation.ts';
import { isoMillis } from '../core/clock.ts';
import type { VxWebhook } from '../voxifi/model.ts';
import { ERRORS, ok, type VxAuth } from './provider.ts';
import { webhookView } from './views.ts';
import { refusedField } from '../webhooks/url-guard.ts';

type Req = OperationRequest<VxAuth>;
type S = components['schemas'];

export function findWebhook(ctx: MockContext, orgId: number, webhookId: string): VxWebhook {
  const webhook = ctx.store.vxWebhooks.get(webhookId);
  if (!webhook || webhook.orgId !== orgId) fail(ERRORS.notFound());
  return webhook;
}

/** An endpoint voicemock will not call (url-guard.ts): 400 Bad Request, the reason in details. */
function refuseUrl(ctx: MockContext, input: { url?: string }): void {
  const refused = refusedField(input, ['url'], ctx.config);
  if (refused) fail(ERRORS.badRequest([{ path: refused.field, message: refused.reason }]));
}

export function listWebhooks({ ctx, auth }: Req) {
  return ok({ data: ctx.store.vxWebhooks.where('orgId', auth.orgId).map(webhookView) });
}

export async function createWebhook({ ctx, auth, body }: Req) {
  const input = body<S['VxCreateWebhookRequest']>();
  refuseUrl(ctx, input);
  const max = ctx.config.maxRecordsPerOrg;
  if (ctx.store.vxWebhooks.countWhere('orgId', auth.orgId) >= max) fail(ERRORS.limitReached('webhooks', max));
  const webhook = await ctx.store.vxWebhooks.insert({
    id: `wh_${ctx.ids.token(14)}`,
    orgId: auth.orgId,
    url: input.url,
    events: input.events,
    enabled: input.enabled ?? true,
    created_at: isoMillis(ctx.clock.now()),
    last_success_at: null,
    consecutive_failures: 0,
    total_failures: 0,
    secret: input.secret ?? `whsec_${ctx.ids.token(32)}`,
  });
  return ok({ ...webhookView(webhook), secret: webhook.secret });
}

export function getWebhook({ ctx, auth, params }: Req) {
  return ok(webhookView(findWebhook(ctx, auth.orgId, params.webhook_id!)));
}

export function updateWebhook({ ctx, auth, params, body }: Req) {
  const webhook = findWebhook(ctx, auth.orgId, params.webhook_id!);
  const changes = body<S['VxUpdateWebhookRequest']>();
  refuseUrl(ctx, changes);
  ctx.store.vxWebhooks.patch(webhook, changes);
  return ok(webhookView(webhook));
}

export function deleteWebhook({ ctx, auth, params }: Req) {
  const webhook = findWebhook(ctx, auth.orgId, params.webhook_id!);
  ctx.store.vxWebhooks.remove(webhook);
  return ok({ id: webhook.id, deleted: true });
}
