// An endpoint's delivery log (newest first, filter by status, cursor paging), its dead letter
// queue, and replaying a dead letter (Owner/Admin): it is Pending again and handed to the
// delivery engine.
import type { MockContext } from '../core/context.ts';
import { fail, type OperationRequest } from '../core/operation.ts';
import type { VxDelivery } from '../voxifi/model.ts';
import { replayDeadLetter } from './delivery-engine.ts';
import { invalidCursor, limitOf, pageNewestFirst } from './paging.ts';
import { ERRORS, ok, type VxAuth } from './provider.ts';
import { deliveryView } from './views.ts';
import { findWebhook } from './webhooks.ts';

type Req = OperationRequest<VxAuth>;

function deliveriesOf(ctx: MockContext, orgId: number) {
  return ctx.store.lists.vxDeliveries.of(orgId);
}

export function listDeliveries({ ctx, auth, params, query }: Req) {
  const webhook = findWebhook(ctx, auth.orgId, params.webhook_id!);
  const status = query.get('status');
  const cursor = query.get('cursor');
  let after: VxDelivery | undefined;
  if (cursor !== null) {
    after = ctx.store.vxDeliveries.get(cursor);
    if (!after || after.orgId !== auth.orgId || after.webhook_id !== webhook.id) invalidCursor();
  }
  const page = pageNewestFirst(deliveriesOf(ctx, auth.orgId), {
    limit: limitOf(query),
    after,
    matches: (d) => d.webhook_id === webhook.id && (status === null || d.status === status),
  });
  return ok({ data: page.items.map(deliveryView), has_more: page.has_more, next_cursor: page.next_cursor });
}

export function listDeadLetters({ ctx, auth, params }: Req) {
  const webhook = findWebhook(ctx, auth.orgId, params.webhook_id!);
  const dead = deliveriesOf(ctx, auth.orgId).filter((d) => d.webhook_id === webhook.id && d.dead_lettered);
  return ok({ data: dead.reverse().map(deliveryView) });
}

export function replayDelivery({ ctx, auth, params }: Req) {
  const webhook = findWebhook(ctx, auth.orgId, params.webhook_id!);
  const delivery = ctx.store.vxDeliveries.get(params.delivery_id!);
  // Only a dead letter of this endpoint can be replayed; anything else is not in the queue.
  if (!delivery || delivery.orgId !== auth.orgId || delivery.webhook_id !== webhook.id || !delivery.dead_lettered) fail(ERRORS.notFound());
  replayDeadLetter(ctx, delivery);
  return ok(deliveryView(delivery));
}
