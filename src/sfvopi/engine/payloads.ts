// The three SFVoPI webhook payloads, flat, built from the call record. request_uuid only for
// outbound calls; answer_at only once answered (documented as "undefined", so omitted).
import type { components } from '../../generated/openapi.ts';
import type { SfvCall } from '../../sfvopi/model.ts';

type S = components['schemas'];

function common(call: SfvCall) {
  return {
    call_uuid: call.call_uuid,
    ...(call.request_uuid !== null ? { request_uuid: call.request_uuid } : {}),
    from: call.from,
    to: call.to,
    direction: call.direction,
  };
}

export function ringPayload(call: SfvCall): S['RingWebhookPayload'] {
  return { ...common(call), call_status: 'RINGING', started_at: call.started_at };
}

export function answerPayload(call: SfvCall): S['AnswerWebhookPayload'] {
  return { ...common(call), call_status: 'IN_PROGRESS', answered_at: call.answer_at! };
}

export function hangupPayload(call: SfvCall): S['HangupWebhookPayload'] {
  return {
    ...common(call),
    call_status: call.status as S['HangupCallStatus'],
    duration: call.duration,
    started_at: call.started_at,
    ...(call.answer_at !== null ? { answer_at: call.answer_at } : {}),
    ended_at: call.ended_at!,
    ...(call.hangup_cause !== null ? { hangup_cause: call.hangup_cause } : {}),
  };
}
