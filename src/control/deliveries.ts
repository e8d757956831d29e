// Voxifi webhook deliveries across organisations for the control API (the inspector): each
// with its attempts and endpoint URL, and replaying a dead letter without an org's API key.
import type { MockContext } from '../core/context.ts';
import { fail, json, type Resolver } from '../core/operation.ts';
import { replayDeadLetter } from '../voxifi/delivery-engine.ts';
import { deliveryView } from '../voxifi/views.ts';
import type { VxDelivery } from '../voxifi/model.ts';
import { controlError } from './provider.ts';

const view = (ctx: MockContext, d: VxDelivery) => ({ ...deliveryView(d), org_id: d.orgId, url: ctx.store.vxWebhooks.get(d.webhook_id)?.url ?? null });

export const deliveryResolvers: Record<string, Resolver<null>> = {
  listVxDeliveries: ({ ctx, query }) => {
    const orgId = query.get('org_id');
    const limit = Number(query.get('limit') ?? 100);
    const orgs = orgId === null ? ctx.store.orgs.all().map((o) => o.id) : [Number(orgId)];
    const all = orgs.flatMap((id) => ctx.store.lists.vxDeliveries.of(id));
    const newest = [...all].sort((a, b) => b.seq - a.seq).slice(0, limit);
    return json(200, { data: newest.map((d) => view(ctx, d)) });
  },
  replayVxDelivery: ({ ctx, params }) => {
    const delivery = ctx.store.vxDeliveries.get(params.delivery_id!);
    if (!delivery) fail(controlError(404, 'not_found', `no delivery ${params.delivery_id}`));
    if (!delivery.dead_lettered) fail(controlError(409, 'not_dead_lettered', `delivery ${delivery.id} is not in the dead letter queue (${delivery.status})`));
    replayDeadLetter(ctx, delivery);
    return json(200, view(ctx, delivery));
  },
};
