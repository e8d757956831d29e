// A call's event log: bounded, but the lifecycle events (a handful per call) are always kept so
// a chatty stream cannot push out how the call ended.
import type { MockContext } from '../../core/context.ts';
import type { SfvCall, SfvCallEvent } from '../../sfvopi/model.ts';
import { MAX_EVENTS } from './limits.ts';

const LIFECYCLE = new Set([
  'queued', 'ringing', 'answered', 'answer_failed', 'stream_connecting', 'stream_started', 'stream_failed',
  'stream_closed', 'busy', 'failed', 'no_answer', 'time_limit', 'stream_timeout', 'callee_hangup',
  'caller_hangup', 'hangup', 'hangup_webhook', 'ring_webhook', 'answer_webhook', 'recording_truncated',
]);

declare module '../../core/bus.ts' {
  interface BusEvents {
    /** An event of an SFVoPI call, as added to its log (dropped ones included). */
    'sfvopi.call-event': { call_uuid: string; event: SfvCallEvent };
  }
}

export function addEvent(ctx: MockContext, call: SfvCall, type: string, extra: Omit<SfvCallEvent, 'at' | 'type'> = {}): void {
  const event = { at: new Date(ctx.clock.now()).toISOString(), type, ...extra };
  ctx.bus.emit('sfvopi.call-event', { call_uuid: call.call_uuid, event });
  if (call.events.length >= MAX_EVENTS && !LIFECYCLE.has(type)) {
    call.events_dropped++;
    return;
  }
  call.events.push(event);
}
