// Where call events leave the call engine, and where dead-letter replays go. The webhook
// delivery engine (src/voxifi/delivery.ts) plugs in here; until it does, both are no-ops, so
// the REST surface and the call lifecycle work on their own.
import type { MockContext } from '../core/context.ts';
import type { VxDelivery } from '../core/store/model.ts';

export type VoxifiEventType = 'call.started' | 'call.ended' | 'call.completed' | 'call.failed';

export type VoxifiEventSink = (ctx: MockContext, orgId: number, type: VoxifiEventType, data: Record<string, unknown>) => void;
export type DeadLetterReplayer = (ctx: MockContext, delivery: VxDelivery) => void;

let sink: VoxifiEventSink = () => {};
// Without a delivery engine a replay only takes the letter off the queue.
let replayer: DeadLetterReplayer = (ctx, delivery) => {
  ctx.store.vxDeliveries.patch(delivery, { status: 'Pending', dead_lettered: false, next_attempt_at: new Date(ctx.clock.now()).toISOString() });
};

/** Returns the sink it replaces, so a test can put it back. */
export function setVoxifiEventSink(fn: VoxifiEventSink): VoxifiEventSink {
  const previous = sink;
  sink = fn;
  return previous;
}

export function emitVoxifiEvent(ctx: MockContext, orgId: number, type: VoxifiEventType, data: Record<string, unknown>): void {
  sink(ctx, orgId, type, data);
}

export function setDeadLetterReplayer(fn: DeadLetterReplayer): DeadLetterReplayer {
  const previous = replayer;
  replayer = fn;
  return previous;
}

/** Takes a dead letter off the queue (Pending, not dead-lettered) and delivers it afresh. */
export function replayDeadLetter(ctx: MockContext, delivery: VxDelivery): void {
  replayer(ctx, delivery);
}
