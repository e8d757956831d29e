// SFVoPI outbound calls: `from` must be linked to an ACTIVE app of the organisation; the call
// is queued and answered with a request_uuid. What happens next (ring, answer, stream, hangup)
// is driven by the call engine on the clock.
import type { components } from '../generated/openapi.ts';
import { fail, type OperationRequest } from '../core/operation.ts';
import { toE164 } from './phone.ts';
import { LiveCallLimitError, startOutboundCall } from './engine/lifecycle.ts';
import { error, FAILURE_PREFIX, MESSAGES, ok, refuseWebhookUrls, type SfvAuth } from './provider.ts';

type Req = OperationRequest<SfvAuth>;
export type InitiateCallInput = components['schemas']['InitiateCallRequest'];

export async function initiateCall({ ctx, auth, body, scenario }: Req) {
  const input = body<InitiateCallInput>();
  refuseWebhookUrls(ctx, input);
  const from = toE164(input.from);
  const to = toE164(input.to);
  if (from === null || to === null) fail(error(400, MESSAGES.invalidBody));
  const link = ctx.store.links.get(from);
  const app = link && link.org_id === auth.orgId ? ctx.store.apps.get(link.app_id) : undefined;
  if (!link || link.status !== 'ACTIVE' || !app || app.status !== 'ACTIVE') fail(error(400, MESSAGES.notLinkedForCall(from)));
  const requestUuid = `sfv_ob_req_${ctx.ids.lower(12)}`;
  try {
    await startOutboundCall(ctx, { app, from, to, requestUuid, input, scenario });
  } catch (e) {
    if (e instanceof LiveCallLimitError) fail(error(500, `${FAILURE_PREFIX.initiateCall}: ${e.message}`));
    throw e;
  }
  return ok({ request_uuid: requestUuid, status: 'queued' });
}
