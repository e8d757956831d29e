// The documented permission matrix, as data: operations a Member may not do. Everything not
// listed is open to every role (view, call, campaigns, agents, number assignment).
import type { Role } from '../core/store/model.ts';

const OWNER_OR_ADMIN: readonly Role[] = ['Owner', 'Admin'];
const OWNER_ONLY: readonly Role[] = ['Owner'];

export const RESTRICTED_OPERATIONS: Readonly<Record<string, readonly Role[]>> = {
  vxDeleteAgent: OWNER_OR_ADMIN, // "Delete AI agents"
  vxPurchasePhoneNumber: OWNER_OR_ADMIN, // "Purchase / release numbers"
  vxReleasePhoneNumber: OWNER_OR_ADMIN,
  vxCreateWebhook: OWNER_OR_ADMIN, // "Create / edit / delete webhooks"
  vxUpdateWebhook: OWNER_OR_ADMIN,
  vxDeleteWebhook: OWNER_OR_ADMIN,
  vxReplayDeadLetter: OWNER_OR_ADMIN, // a redelivery is an edit of the webhook's state (inferred)
  vxTopUp: OWNER_ONLY, // "View transactions, add balance"
  vxListTransactions: OWNER_ONLY,
};

export function mayCall(operationId: string, role: Role): boolean {
  const allowed = RESTRICTED_OPERATIONS[operationId];
  return allowed === undefined || allowed.includes(role);
}
