// Balance (posted and pending), manual top-ups (Owner; $10 to $10,000 as documented) and the
// ledger (Owner; newest first, cursor paging).
import type { components } from '../generated/openapi.ts';
import { fail, type OperationRequest } from '../core/operation.ts';
import type { VxTransaction } from '../voxifi/model.ts';
import { addTransaction, orgOf, postToBalance } from './ledger.ts';
import { pendingCostOf } from './lifecycle.ts';
import { invalidCursor, limitOf, pageNewestFirst } from './paging.ts';
import { cents, TOP_UP_MAX, TOP_UP_MIN } from './pricing.ts';
import { ERRORS, ok, type VxAuth } from './provider.ts';
import { transactionView } from './views.ts';

type Req = OperationRequest<VxAuth>;

export function getBalance({ ctx, auth }: Req) {
  const org = orgOf(ctx, auth.orgId);
  return ok({ balance: org.balance, pending: pendingCostOf(ctx, auth.orgId), currency: 'USD' });
}

export async function topUp({ ctx, auth, body }: Req) {
  const { amount } = body<components['schemas']['VxTopUpRequest']>();
  if (!(amount >= TOP_UP_MIN && amount <= TOP_UP_MAX)) fail(ERRORS.invalidAmount());
  // Every call adds a ledger entry too; top-ups may fill the rest of twice the per-org limit.
  const max = 2 * ctx.config.maxRecordsPerOrg;
  if (ctx.store.lists.vxTransactions.of(auth.orgId).length >= max) fail(ERRORS.limitReached('ledger entries', max));
  const added = cents(amount);
  const balance = postToBalance(ctx, orgOf(ctx, auth.orgId), added);
  const entry = await addTransaction(ctx, auth.orgId, {
    type: 'Balance Added',
    description: 'Manual top-up',
    amount: added,
    balance_after: balance,
    status: 'Posted',
    call_id: null,
  });
  return ok(transactionView(entry));
}

export function listTransactions({ ctx, auth, query }: Req) {
  const cursor = query.get('cursor');
  let after: VxTransaction | undefined;
  if (cursor !== null) {
    after = ctx.store.vxTransactions.get(cursor);
    if (!after || after.orgId !== auth.orgId) invalidCursor();
  }
  const page = pageNewestFirst(ctx.store.lists.vxTransactions.of(auth.orgId), { limit: limitOf(query), after });
  return ok({ data: page.items.map(transactionView), has_more: page.has_more, next_cursor: page.next_cursor });
}
