// Voxifi call events leave the call engine on the mock's bus; the delivery engine
// (delivery.ts) turns them into signed webhooks. The call engine never waits for delivery.
import type { MockContext } from '../core/context.ts';

export type VoxifiEventType = 'call.started' | 'call.ended' | 'call.completed' | 'call.failed';

export interface VoxifiEvent {
  orgId: number;
  type: VoxifiEventType;
  data: Record<string, unknown>;
}

declare module '../core/bus.ts' {
  interface BusEvents {
    'voxifi.event': VoxifiEvent;
  }
}

export function emitVoxifiEvent(ctx: MockContext, orgId: number, type: VoxifiEventType, data: Record<string, unknown>): void {
  ctx.bus.emit('voxifi.event', { orgId, type, data });
}
