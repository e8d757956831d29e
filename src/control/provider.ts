// The control API as a provider for the operation wrapper: access checks (origin.ts) for auth, and voicemock's own error
// envelope, {"error":{"code","message"}}.
import { json, type Provider } from '../core/operation.ts';
import { refuseControl } from './origin.ts';

export const controlError = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
  json(status, { error: { code, message, ...extra } });

export const control: Provider<null> = {
  name: 'control',
  // Voicemock's own API answers as it is: no scenario forces it.
  forceable: false,
  // Nor do its answers count toward the providers' contract coverage.
  covered: false,
  contract: (ctx) => ctx.control,
  // The control API answers only its user (origin.ts); its "auth" is that check.
  authenticate: (ctx, request, info) => {
    const refusal = refuseControl(ctx.config, request, info.operationId);
    return refusal ? controlError(refusal.status, refusal.code, refusal.message) : null;
  },
  orgOf: () => null,
  invalid: (violations) => controlError(400, 'invalid_request', 'The control request does not match control-api.yaml', { violations }),
  tooLarge: () => controlError(413, 'too_large', 'Request body too large'),
  serverError: (_info, detail) => controlError(500, 'internal', detail),
};
