// SFVoPI's envelopes and authentication: `{data, message: "success"}`, `{message}` errors,
// X-API-Key per organisation, or a dashboard session cookie (`sf_session`).
import type { Provider } from '../core/operation.ts';
import { fail, json } from '../core/operation.ts';
import { refusedField } from '../webhooks/url-guard.ts';
import type { MockContext } from '../core/context.ts';

export interface SfvAuth {
  orgId: number;
  userId: number;
  key: string | null;
}

export const ok = (data: unknown) => json(200, { data, message: 'success' });
export const error = (status: number, message: string) => json(status, { message });

const WEBHOOK_FIELDS = ['answer_url', 'hangup_url', 'fallback_answer_url', 'ring_url'] as const;

/** A webhook URL voicemock will not call (url-guard.ts) is an invalid body; the reason goes in voicemock-violations. */
export function refuseWebhookUrls(ctx: MockContext, input: object): void {
  const refused = refusedField(input as Record<string, unknown>, WEBHOOK_FIELDS, ctx.config);
  if (!refused) return;
  const violations = JSON.stringify([{ location: `body.${refused.field}`, message: refused.reason }]);
  fail(json(400, { message: MESSAGES.invalidBody }, { 'voicemock-violations': violations }));
}

export const MESSAGES = {
  noApiKey: 'UnAuthorized, Please Provide API Key',
  invalidApiKey: 'UnAuthorized, Please Provide Valid API Key',
  login: 'UnAuthorized, Please Login',
  loginOrganisation: 'UnAuthorized, Please Login to Organisation',
  unauthorized: 'UnAuthorized',
  appNotFound: 'SFVoPI app not found',
  invalidBody: 'Invalid request body',
  numberNotOwned: 'VoIP number not found or does not belong to this org',
  numberNotLinked: 'Number not linked to this app',
  linkConflict: 'VoIP number is already linked to another SFVoPI app',
  notLinkedForCall: (number: string) => `VoIP number ${number} is not linked to any SFVoPI app for this org`,
} as const;

/** The documented 500 prefix of each operation; `{error}` follows it. */
export const FAILURE_PREFIX: Record<string, string> = {
  createApp: 'Failed to create SFVoPI app',
  listApps: 'Failed to get SFVoPI apps',
  getApp: 'Failed to get SFVoPI app',
  updateApp: 'Failed to update SFVoPI app',
  deleteApp: 'Failed to delete SFVoPI app',
  linkNumber: 'Failed to link number',
  unlinkNumber: 'Failed to unlink number',
  listAppNumbers: 'Failed to get numbers',
  listAvailableNumbers: 'Failed to get available numbers',
  getAppByNumber: 'Failed to get app by number',
  initiateCall: 'Failed to initiate outbound call',
};

function sessionCookie(request: Request): string | undefined {
  const cookie = request.headers.get('cookie');
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === 'sf_session') {
      const raw = part.slice(eq + 1).trim();
      // A malformed escape is an unknown session (401), never a 500.
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return undefined;
}

function authenticate(ctx: MockContext, request: Request): SfvAuth | Response {
  const key = request.headers.get('x-api-key');
  if (key !== null && key.trim() !== '') {
    const record = ctx.store.apiKeys.get(key.trim());
    if (!record || record.revoked || record.provider !== 'sfvopi' || !ctx.store.orgs.get(String(record.orgId))) {
      return error(401, MESSAGES.invalidApiKey);
    }
    return { orgId: record.orgId, userId: record.userId, key: record.key };
  }
  const token = sessionCookie(request);
  if (token === undefined) return error(401, MESSAGES.noApiKey);
  const session = ctx.store.sessions.get(token);
  if (!session || session.expired) return error(401, MESSAGES.login);
  if (session.orgId === null) return error(401, MESSAGES.loginOrganisation);
  const user = ctx.store.users.get(String(session.userId));
  // A session whose user is not (or no longer) in the selected organisation.
  if (!user || user.orgId !== session.orgId || !ctx.store.orgs.get(String(session.orgId))) return error(401, MESSAGES.unauthorized);
  return { orgId: session.orgId, userId: session.userId, key: null };
}

export const sfvopi: Provider<SfvAuth> = {
  name: 'sfvopi',
  forceable: true,
  covered: true,
  contract: (ctx) => ctx.contract,
  authenticate,
  orgOf: (auth) => auth.orgId,
  keyOf: (auth) => auth.key,
  identify: (ctx, request) => {
    const auth = authenticate(ctx, request); // no side effects here
    return auth instanceof Response ? null : auth.orgId;
  },
  invalid: () => error(400, MESSAGES.invalidBody),
  // Express's body-parser wording; SFVoPI documents no 413 (inferred).
  tooLarge: () => error(413, 'request entity too large'),
  serverError: (info, detail) => error(500, `${FAILURE_PREFIX[info.operationId] ?? 'Failed'}: ${detail}`),
};

export const notFoundRoute = () => error(404, 'Not Found');
