// SFVoPI numbers: link (409 when linked elsewhere), list links, unlink, available numbers,
// and the app a number is linked to.
import type { components } from '../generated/openapi.ts';
import type { MockContext } from '../core/context.ts';
import { fail, type OperationRequest } from '../core/operation.ts';
import { isoMillis } from '../core/clock.ts';
import { toE164 } from './phone.ts';
import type { OwnedNumber } from '../sfvopi/model.ts';
import { findApp } from './apps.ts';
import { error, MESSAGES, ok, type SfvAuth } from './provider.ts';

type Req = OperationRequest<SfvAuth>;

export function ownedNumber(ctx: MockContext, orgId: number, e164: string | null): OwnedNumber | undefined {
  const number = e164 === null ? undefined : ctx.store.numbers.get(e164);
  return number && number.orgId === orgId ? number : undefined;
}

export async function linkNumber({ ctx, auth, params, body }: Req) {
  const app = findApp(ctx, auth.orgId, params.app_id!);
  const input = body<components['schemas']['LinkNumberRequest']>();
  const e164 = toE164(input.voip_number);
  if (e164 === null) fail(error(400, MESSAGES.invalidBody));
  if (!ownedNumber(ctx, auth.orgId, e164)) fail(error(400, MESSAGES.numberNotOwned));
  const existing = ctx.store.links.get(e164);
  if (existing) {
    if (existing.app_id !== app.app_id) fail(error(409, MESSAGES.linkConflict));
    return ok(existing);
  }
  const link = await ctx.store.links.insert({
    app_id: app.app_id,
    voip_number: e164,
    org_id: auth.orgId,
    status: 'ACTIVE',
    created_at: isoMillis(ctx.clock.now()),
    updated_at: null,
  });
  return ok(link);
}

export function listAppNumbers({ ctx, auth, params }: Req) {
  const app = findApp(ctx, auth.orgId, params.app_id!);
  return ok(ctx.store.links.where('app_id', app.app_id).filter((l) => l.status === 'ACTIVE'));
}

export function unlinkNumber({ ctx, auth, params }: Req) {
  const app = findApp(ctx, auth.orgId, params.app_id!);
  const e164 = toE164(params.voip_number!);
  const link = e164 === null ? undefined : ctx.store.links.get(e164);
  if (!link || link.app_id !== app.app_id) fail(error(404, MESSAGES.numberNotLinked));
  ctx.store.links.remove(link);
  return ok({ deleted: true });
}

export function listAvailableNumbers({ ctx, auth }: Req) {
  const available = ctx.store.numbers
    .where('orgId', auth.orgId)
    .filter((n) => !ctx.store.links.get(n.voipNumber))
    .map((n) => ({ id: n.id, voip_number: n.voipNumber, provider: n.provider, status: n.status }));
  return ok(available);
}

export function getAppByNumber({ ctx, auth, params }: Req) {
  const e164 = toE164(params.voip_number!);
  if (!ownedNumber(ctx, auth.orgId, e164)) fail(error(400, MESSAGES.numberNotOwned));
  const link = ctx.store.links.get(e164!);
  if (!link) fail(error(404, MESSAGES.appNotFound));
  return ok(findApp(ctx, auth.orgId, link.app_id));
}
