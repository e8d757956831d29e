// The control API as a part of a mock: its options, its receivers, clock queue and event
// streams, and its routes under /__voicemock/.
import type { MockPart } from '../core/part.ts';
import { DEFAULT_CONTROL_CONFIG } from './access.ts';
import { createReceivers } from './receivers.ts';
import { createClockQueue } from './clock.ts';
import { createEventStreams } from './event-stream.ts';
import { controlRoutes } from './routes.ts';

export const controlPart: MockPart = {
  name: 'control',
  config: { ...DEFAULT_CONTROL_CONFIG },
  engines: (ctx) => ({ receivers: createReceivers(ctx), clockQueue: createClockQueue(), eventStreams: createEventStreams() }),
  routes: (ctx, hooks) => controlRoutes(ctx, hooks),
};
