// Control of the mock's clock: read it, and advance a virtual one (serialised, so two advances
// never interleave their timers).
import type { MockContext } from '../core/context.ts';
import { fail, json, type Resolver } from '../core/operation.ts';
import { controlError } from './provider.ts';

const queues = new WeakMap<MockContext, Promise<unknown>>();

const clockState = (ctx: MockContext) => ({ kind: ctx.clock.kind, now: new Date(ctx.clock.now()).toISOString() });

export const clockResolvers: Record<string, Resolver<null>> = {
  getClock: ({ ctx }) => json(200, clockState(ctx)),
  advanceClock: async ({ ctx, body }) => {
    const { ms } = body<{ ms: number }>();
    if (ctx.clock.kind !== 'virtual') fail(controlError(409, 'real_clock', 'The mock runs on a real clock; only a virtual clock can be advanced'));
    const previous = queues.get(ctx) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(() => ctx.clock.advance(ms));
    queues.set(ctx, next);
    await next;
    ctx.bus.emit('clock');
    return json(200, clockState(ctx));
  },
};
