// Voxifi's envelopes and authentication (both inferred: Voxifi publishes no REST reference):
// `Authorization: Bearer <key>` of a team member, `{error: {code, message}}` errors whose
// message is the documented error name. Checks run in the documented status order:
// 401, then 429 (rate limit per key), then 403 (the role matrix).
import type { Provider } from '../core/operation.ts';
import { json } from '../core/operation.ts';
import type { MockContext } from '../core/context.ts';
import type { OperationInfo } from '../core/contract/operations.ts';
import type { Role } from '../core/store/model.ts';
import { mayCall } from './permissions.ts';
import { takeRequest } from './rate-limit.ts';
import { recordLimitError } from '../core/limits.ts';

export interface VxAuth {
  orgId: number;
  role: Role;
  userId: number;
  key: string;
}

export const ok = (body: unknown) => json(200, body);

export function vxError(status: number, code: string, message: string, extra?: { details?: Array<{ path: string; message: string }>; headers?: Record<string, string> }): Response {
  const error: Record<string, unknown> = { code, message };
  if (extra?.details) error.details = extra.details;
  return json(status, { error }, extra?.headers);
}

/** The documented errors (names from the Voxifi docs; codes are voicemock's). */
export const ERRORS = {
  unauthorized: () => vxError(401, 'unauthorized', 'Unauthorized'),
  forbidden: () => vxError(403, 'forbidden', 'Forbidden'),
  notFound: () => vxError(404, 'not_found', 'Not Found'),
  agentNotFound: () => vxError(404, 'agent_not_found', 'Agent Not Found'),
  rateLimited: (retryAfter: number) => vxError(429, 'rate_limited', 'Rate Limited', { headers: { 'retry-after': String(retryAfter) } }),
  badRequest: (details: Array<{ path: string; message: string }>) => vxError(400, 'bad_request', 'Bad Request', { details }),
  invalidPhoneNumber: () => vxError(400, 'invalid_phone_number', 'Invalid Phone Number'),
  insufficientBalance: () => vxError(400, 'insufficient_balance', 'Insufficient Balance'),
  noPhoneNumberAssigned: () => vxError(400, 'no_phone_number_assigned', 'No Phone Number Assigned'),
  callNotCancelable: () => vxError(400, 'call_not_cancelable', 'Call can only be canceled before it connects'),
  invalidAmount: () => vxError(400, 'invalid_amount', 'Top-up amount must be between $10 and $10,000'),
  invalidCsv: (message: string) => vxError(400, 'invalid_csv', message),
  /** Past a configured limit: the documented 500, with the reason in details. */
  limitReached: (what: string, limit: number) => vxError(500, 'server_error', 'Server Error', { details: [{ path: '', message: recordLimitError(what, limit) }] }),
} as const;

function bearerKey(request: Request): string | null {
  const header = request.headers.get('authorization');
  const match = header === null ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

function authenticate(ctx: MockContext, request: Request, info: OperationInfo): VxAuth | Response {
  const key = bearerKey(request);
  const record = key === null ? undefined : ctx.store.apiKeys.get(key);
  const org = record ? ctx.store.orgs.get(String(record.orgId)) : undefined;
  if (!record || !org || record.revoked || record.provider !== 'voxifi') return ERRORS.unauthorized();
  const retryAfter = takeRequest(ctx, record.key, org.rateLimit);
  if (retryAfter !== null) return ERRORS.rateLimited(retryAfter);
  const role = record.role ?? 'Member';
  if (!mayCall(info.operationId, role)) return ERRORS.forbidden();
  return { orgId: record.orgId, role, userId: record.userId, key: record.key };
}

export const voxifi: Provider<VxAuth> = {
  name: 'voxifi',
  forceable: true,
  covered: true,
  contract: (ctx) => ctx.contract,
  authenticate,
  orgOf: (auth) => auth.orgId,
  keyOf: (auth) => auth.key,
  // The key's organisation, without counting the request against its rate limit.
  identify: (ctx, request) => {
    const key = bearerKey(request);
    const record = key === null ? undefined : ctx.store.apiKeys.get(key);
    return record && !record.revoked && record.provider === 'voxifi' ? record.orgId : null;
  },
  invalid: (violations) => ERRORS.badRequest(violations.map((v) => ({ path: v.location, message: v.message }))),
  tooLarge: () => vxError(413, 'payload_too_large', 'Payload Too Large'),
  serverError: () => vxError(500, 'server_error', 'Server Error'),
};

export const notFoundRoute = () => ERRORS.notFound();
