// Voxifi's delivery outcomes, for contract coverage: what the documented policy (docs §4.7–
// §4.9, the webhooks' responses in openapi.yaml) does with each answer of the user's receiver.
import type { MockContext } from '../core/context.ts';
import type { OutcomeDef } from '../core/coverage/outcomes.ts';
import { countOutcome } from '../core/coverage/tally.ts';
import type { AttemptOutcome, Verdict } from '../webhooks/policy.ts';

export const DELIVERY_OPERATION = 'voxifiWebhookDelivery';

const SETUP = 'PUT /__voicemock/receivers/{name} with';
const THEN = 'point a webhook (POST /voxifi/v1/webhooks) at /__voicemock/receivers/{name}/hook and make a call';

/** Each outcome, with the receiver behaviour that produces it. */
const OUTCOMES: Array<{ key: string; message: string; receiver: Record<string, unknown> }> = [
  { key: 'delivered', message: 'delivered (2xx)', receiver: { statuses: [200] } },
  { key: 'retried-timeout', message: 'retried after a timeout (no answer within 30 s)', receiver: { delay_ms: 31_000 } },
  { key: 'retried-5xx', message: 'retried after a 5xx', receiver: { statuses: [500, 200] } },
  { key: 'retried-429', message: 'retried after a 429', receiver: { statuses: [429, 200] } },
  { key: 'retried-connection', message: 'retried after a connection failure', receiver: {} },
  { key: 'dead-lettered-4xx', message: 'dead-lettered on a 4xx (no retry)', receiver: { statuses: [400] } },
];

export const voxifiDeliveryOutcomes: OutcomeDef[] = OUTCOMES.map((o) => ({
  id: `${DELIVERY_OPERATION} ${o.key}`,
  provider: 'voxifi',
  operation: DELIVERY_OPERATION,
  status: null,
  message: o.message,
  example: null,
  hint: o.key === 'retried-connection'
    ? { kind: 'callee', behaviour: o.key, text: 'point a webhook at a URL where nothing listens (http://127.0.0.1:9/hook) and make a call' }
    : { kind: 'callee', behaviour: o.key, text: `${SETUP} ${JSON.stringify(o.receiver)}, ${THEN}` },
}));

/** The receiver behaviour of a delivery outcome's hint (for tests that execute the hints). */
export const deliveryReceiver = (key: string) => OUTCOMES.find((o) => o.key === key)?.receiver;

function keyOf(outcome: AttemptOutcome, verdict: Verdict): string | null {
  if (verdict === 'delivered') return 'delivered';
  if (outcome.kind === 'timeout') return verdict === 'retry' ? 'retried-timeout' : null;
  if (outcome.kind === 'connection') return verdict === 'retry' ? 'retried-connection' : null;
  if (verdict === 'retry') return outcome.status === 429 ? 'retried-429' : outcome.status >= 500 ? 'retried-5xx' : null;
  return outcome.status >= 400 && outcome.status < 500 ? 'dead-lettered-4xx' : null;
}

/** Counts what the policy did with one attempt. */
export function countDelivery(ctx: MockContext, outcome: AttemptOutcome, verdict: Verdict, orgId: number | null): void {
  const key = keyOf(outcome, verdict);
  if (key) countOutcome(ctx, `${DELIVERY_OPERATION} ${key}`, orgId);
}
