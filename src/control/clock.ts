// Control of the mock's clock: read it, and advance a virtual one (serialised, so two advances
// never interleave their timers).
import type { MockContext } from '../core/context.ts';
import { fail, json, type Resolver } from '../core/operation.ts';
import { controlError } from './provider.ts';
import { changed } from '../core/changes.ts';

/** The advance in progress, if any: the next one starts after it. */
export interface ClockQueue {
  tail: Promise<unknown>;
}

declare module '../core/context.ts' {
  interface Engines {
    clockQueue: ClockQueue;
  }
}

export const createClockQueue = (): ClockQueue => ({ tail: Promise.resolve() });

const clockState = (ctx: MockContext) => ({
  kind: ctx.clock.kind,
  now: new Date(ctx.clock.now()).toISOString(),
  ...(ctx.clock.scale !== undefined ? { scale: ctx.clock.scale } : {}),
});

export const clockResolvers: Record<string, Resolver<null>> = {
  getClock: ({ ctx }) => json(200, clockState(ctx)),
  advanceClock: async ({ ctx, body }) => {
    const { ms } = body<{ ms: number }>();
    if (ctx.clock.kind !== 'virtual') fail(controlError(409, 'real_clock', 'The mock runs on a real clock; only a virtual clock can be advanced'));
    const queue = ctx.engines.clockQueue;
    const next = queue.tail.catch(() => {}).then(() => ctx.clock.advance(ms));
    queue.tail = next;
    await next;
    changed(ctx.bus, 'clock');
    return json(200, clockState(ctx));
  },
};
