// The balance ledger: every change of an org's balance is a transaction, newest last in the
// org's list. Amounts are signed USD; `balance_after` is the running balance.
import type { components } from '../generated/openapi.ts';
import type { MockContext } from '../core/context.ts';
import type { Org } from '../core/store/model.ts';
import type { VxTransaction } from '../voxifi/model.ts';
import { isoMillis } from '../core/clock.ts';
import { cents } from './pricing.ts';

type Fields = Omit<components['schemas']['VxTransaction'], 'id' | 'created_at'>;

export function orgOf(ctx: MockContext, orgId: number): Org {
  const org = ctx.store.orgs.get(String(orgId));
  if (!org) throw new Error(`organisation ${orgId} does not exist`);
  return org;
}

export async function addTransaction(ctx: MockContext, orgId: number, fields: Fields): Promise<VxTransaction> {
  const record = await ctx.store.vxTransactions.insert({
    id: `txn_${ctx.ids.token(14)}`,
    orgId,
    seq: 0,
    ...fields,
    created_at: isoMillis(ctx.clock.now()),
  });
  // The seq is taken after the insert settles, so the org's list stays in seq order even when
  // inserts interleave.
  record.seq = ctx.store.nextSeq();
  ctx.store.lists.vxTransactions.add(record);
  return record;
}

/** A posted change of the balance (top-up or fee): the balance moves now. */
export function postToBalance(ctx: MockContext, org: Org, amount: number): number {
  ctx.store.orgs.patch(org, { balance: cents(org.balance + amount) });
  return org.balance;
}
