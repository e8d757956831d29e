// Phone numbers: list, purchase (Owner/Admin; a $10.00 `Phone Number Fee`, refused when the
// balance cannot cover it), release (Owner/Admin), assign to an agent or unassign with null.
// An agent has at most one number (VxAgent.phone_number), so assigning moves numbers.
import type { components } from '../generated/openapi.ts';
import type { MockContext } from '../core/context.ts';
import { fail, type OperationRequest } from '../core/operation.ts';
import { isoMillis } from '../core/clock.ts';
import type { VxPhoneNumber } from '../voxifi/model.ts';
import { agentOf } from './agents.ts';
import { addTransaction, orgOf, postToBalance } from './ledger.ts';
import { pendingCostOf } from './lifecycle.ts';
import { PHONE_NUMBER_FEE } from './pricing.ts';
import { ERRORS, ok, type VxAuth } from './provider.ts';
import { numberView } from './views.ts';

type Req = OperationRequest<VxAuth>;
type S = components['schemas'];

function findNumber(ctx: MockContext, orgId: number, numberId: string): VxPhoneNumber {
  const number = ctx.store.vxNumbers.get(numberId);
  if (!number || number.orgId !== orgId) fail(ERRORS.notFound());
  return number;
}

const COUNTRY_PREFIX: Record<string, { prefix: string; digits: number }> = {
  US: { prefix: '+1', digits: 10 },
  CA: { prefix: '+1', digits: 10 },
  GB: { prefix: '+447', digits: 9 },
  AU: { prefix: '+614', digits: 8 },
};

/** A free number of the country, starting with the area code when one is asked for (US/CA). */
function newNumber(ctx: MockContext, country: string, areaCode: string | undefined): string {
  if (country === 'US' && areaCode === undefined) return freshVxNumber(ctx);
  const { prefix, digits } = COUNTRY_PREFIX[country]!;
  const head = prefix === '+1' ? `+1${areaCode ?? '555'}` : prefix;
  const rest = digits - (head.length - prefix.length);
  for (;;) {
    const candidate = head + ctx.ids.numeric(rest);
    if (ctx.store.vxNumbers.countWhere('number', candidate) === 0) return candidate;
  }
}

export function listNumbers({ ctx, auth }: Req) {
  return ok({ data: ctx.store.vxNumbers.where('orgId', auth.orgId).map(numberView) });
}

export async function purchaseNumber({ ctx, auth, body }: Req) {
  const input = body<S['VxPurchaseNumberRequest']>() ?? {};
  const org = orgOf(ctx, auth.orgId);
  const max = ctx.config.maxRecordsPerOrg;
  if (ctx.store.vxNumbers.countWhere('orgId', auth.orgId) >= max) fail(ERRORS.limitReached('phone numbers', max));
  if (org.balance - pendingCostOf(ctx, auth.orgId) < PHONE_NUMBER_FEE) fail(ERRORS.insufficientBalance());
  const number = await ctx.store.vxNumbers.insert({
    id: `pn_${ctx.ids.token(14)}`,
    orgId: auth.orgId,
    number: newNumber(ctx, input.country ?? 'US', input.area_code),
    assistant_id: null,
    monthly_fee: PHONE_NUMBER_FEE,
    created_at: isoMillis(ctx.clock.now()),
  });
  const balance = postToBalance(ctx, org, -PHONE_NUMBER_FEE);
  await addTransaction(ctx, auth.orgId, {
    type: 'Phone Number Fee',
    description: `Phone number ${number.number}, first month`,
    amount: -PHONE_NUMBER_FEE,
    balance_after: balance,
    status: 'Posted',
    call_id: null,
  });
  return ok(numberView(number));
}

function unassign(ctx: MockContext, number: VxPhoneNumber): void {
  if (number.assistant_id === null) return;
  const agent = agentOf(ctx, number.orgId, number.assistant_id);
  if (agent && agent.phone_number === number.number) ctx.store.vxAgents.patch(agent, { phone_number: null });
  ctx.store.vxNumbers.patch(number, { assistant_id: null });
}

export function releaseNumber({ ctx, auth, params }: Req) {
  const number = findNumber(ctx, auth.orgId, params.number_id!);
  unassign(ctx, number);
  ctx.store.vxNumbers.remove(number);
  return ok({ id: number.id, deleted: true });
}

export function assignNumber({ ctx, auth, params, body }: Req) {
  const number = findNumber(ctx, auth.orgId, params.number_id!);
  const { assistant_id: agentId } = body<S['VxAssignNumberRequest']>();
  if (agentId === null) {
    unassign(ctx, number);
    return ok(numberView(number));
  }
  const agent = agentOf(ctx, auth.orgId, agentId) ?? fail(ERRORS.agentNotFound());
  if (number.assistant_id === agent.id) return ok(numberView(number));
  unassign(ctx, number);
  // The agent's previous number, if any, is freed: one number per agent.
  const previous = ctx.store.vxNumbers.where('assistant_id', agent.id).find((n) => n.orgId === auth.orgId);
  if (previous) unassign(ctx, previous);
  ctx.store.vxNumbers.patch(number, { assistant_id: agent.id });
  ctx.store.vxAgents.patch(agent, { phone_number: number.number });
  return ok(numberView(number));
}

/** A +1555 number no organisation holds yet. */
export function freshVxNumber(ctx: MockContext): string {
  for (;;) {
    const candidate = `+1555${ctx.ids.numeric(7)}`;
    if (ctx.store.vxNumbers.countWhere('number', candidate) === 0) return candidate;
  }
}
