// Voxifi calls: place (checks in the order agent, destination, from number, balance), list
// newest first with cursor paging, get, cancel before connecting. The lifecycle after
// placing is lifecycle.ts's.
import type { components } from '../generated/openapi.ts';
import type { MockContext } from '../core/context.ts';
import { fail, type OperationRequest } from '../core/operation.ts';
import { isE164 } from '../core/phone.ts';
import type { VxCall } from '../voxifi/model.ts';
import { findAgent } from './agents.ts';
import { orgOf } from './ledger.ts';
import { pendingCostOf, startCall, stopCall } from './lifecycle.ts';
import { invalidCursor, limitOf, pageNewestFirst } from './paging.ts';
import { MIN_CALL_BALANCE } from './pricing.ts';
import { ERRORS, ok, type VxAuth } from './provider.ts';
import { isoSeconds } from '../webhooks/envelope.ts';
import { callView } from './views.ts';

type Req = OperationRequest<VxAuth>;
type S = components['schemas'];

export function findCall(ctx: MockContext, orgId: number, callId: string): VxCall {
  const call = ctx.store.vxCalls.get(callId);
  if (!call || call.orgId !== orgId) fail(ERRORS.notFound());
  return call;
}

function fromNumberFor(ctx: MockContext, orgId: number, requested: string | undefined, assigned: string | null): string {
  if (requested === undefined) return assigned ?? fail(ERRORS.noPhoneNumberAssigned());
  // A from number the org does not own is reported as not assigned (the docs' only label for it).
  const owned = ctx.store.vxNumbers.where('number', requested).some((n) => n.orgId === orgId);
  if (!owned) fail(ERRORS.noPhoneNumberAssigned());
  return requested;
}

export async function createCall({ ctx, auth, body }: Req) {
  const input = body<S['VxCreateCallRequest']>();
  const max = ctx.config.maxRecordsPerOrg;
  if (ctx.store.lists.vxCalls.of(auth.orgId).length >= max) fail(ERRORS.limitReached('calls', max));
  const agent = findAgent(ctx, auth.orgId, input.assistant_id);
  if (!isE164(input.customer_number)) fail(ERRORS.invalidPhoneNumber());
  const from = fromNumberFor(ctx, auth.orgId, input.from_number, agent.phone_number);
  const org = orgOf(ctx, auth.orgId);
  // Costs become pending when a call connects; queued and ringing calls hold nothing yet.
  if (org.balance - pendingCostOf(ctx, auth.orgId) < MIN_CALL_BALANCE) fail(ERRORS.insufficientBalance());
  const call = await placeCall(ctx, { orgId: auth.orgId, assistantId: agent.id, from, to: input.customer_number, variables: input.variables ?? {}, campaignId: null });
  return ok(callView(call));
}

/** Stores a queued call and starts its lifecycle; the checks are the caller's. */
export async function placeCall(
  ctx: MockContext,
  { orgId, assistantId, from, to, variables, campaignId }: { orgId: number; assistantId: string; from: string; to: string; variables: Record<string, string>; campaignId: string | null },
): Promise<VxCall> {
  const call = await ctx.store.vxCalls.insert({
    id: `call_${ctx.ids.token(14)}`,
    orgId,
    seq: 0,
    status: 'queued',
    assistant_id: assistantId,
    from_number: from,
    customer_number: to,
    campaign_id: campaignId,
    variables,
    created_at: isoSeconds(ctx.clock.now()),
    start_time: null,
    end_time: null,
    duration_seconds: 0,
    transcript: null,
    cost: null,
    cost_status: null,
    cost_breakdown: null,
    currency: 'USD',
    sentiment: null,
    failure_reason: null,
    error_code: null,
  });
  // Seq after the insert settles keeps the org's list in seq order (see paging.ts).
  call.seq = ctx.store.nextSeq();
  ctx.store.lists.vxCalls.add(call);
  startCall(ctx, call);
  return call;
}

export function listCalls({ ctx, auth, query }: Req) {
  const status = query.get('status');
  const assistantId = query.get('assistant_id');
  const cursor = query.get('cursor');
  let after: VxCall | undefined;
  if (cursor !== null) {
    after = ctx.store.vxCalls.get(cursor);
    if (!after || after.orgId !== auth.orgId) invalidCursor();
  }
  const page = pageNewestFirst(ctx.store.lists.vxCalls.of(auth.orgId), {
    limit: limitOf(query),
    after,
    matches: status === null && assistantId === null ? undefined : (c) => (status === null || c.status === status) && (assistantId === null || c.assistant_id === assistantId),
  });
  return ok({ data: page.items.map(callView), has_more: page.has_more, next_cursor: page.next_cursor });
}

export function getCall({ ctx, auth, params }: Req) {
  return ok(callView(findCall(ctx, auth.orgId, params.call_id!)));
}

export function cancelCall({ ctx, auth, params }: Req) {
  const call = findCall(ctx, auth.orgId, params.call_id!);
  if (call.status !== 'queued' && call.status !== 'ringing') fail(ERRORS.callNotCancelable());
  stopCall(ctx, call);
  ctx.store.vxCalls.patch(call, { status: 'canceled', end_time: isoSeconds(ctx.clock.now()) });
  return ok(callView(call));
}
