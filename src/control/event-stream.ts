// GET /__voicemock/events: what changed in the mock, as server-sent events, for the inspector's
// live view. Each `change` event names the topics (store tables, journal, clock, scenarios,
// receivers, reset) that changed since the last one; the client re-reads what it shows from the
// control API. A reader that falls behind is not buffered for: its missed changes are merged
// into one event sent when it reads again, so a stalled client costs one flag, not memory.
import type { MockContext } from '../core/context.ts';
import { fail, type Resolver } from '../core/operation.ts';
import { controlError } from './provider.ts';
import '../core/changes.ts';
import '../sfvopi/engine/call-events.ts';

const BATCH_MS = 50;

/** This mock's open event streams (a reset leaves them open, so it leaves the count too). */
export interface EventStreams {
  count: number;
}

declare module '../core/context.ts' {
  interface Engines {
    eventStreams: EventStreams;
  }
}

export const createEventStreams = (): EventStreams => ({ count: 0 });

/** The control API's own reads are no news: the inspector's refreshes would feed themselves. */
export const newsworthy = (e: { method: string; path: string }) => e.method !== 'GET' || !e.path.startsWith('/__voicemock');

const encoder = new TextEncoder();
const frame = (event: string, data: unknown) => encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

export const eventResolvers: Record<string, Resolver<null>> = {
  streamEvents: ({ ctx }) => {
    const streams = ctx.engines.eventStreams;
    const max = ctx.config.maxEventStreams;
    if (streams.count >= max) fail(controlError(503, 'too_many_streams', `At most ${max} event streams can be open at once`));
    streams.count++;
    const counter = streams;
    let unsubscribe: (() => void) | null = null;
    let missed = new Set<string>();
    let batch: ReturnType<typeof setTimeout> | null = null;
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      if (batch !== null) clearTimeout(batch);
      unsubscribe?.();
      counter.count--;
    };
    const body = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          controller.enqueue(encoder.encode('retry: 1000\n\n'));
          controller.enqueue(frame('ready', { seed: ctx.ids.seed, clock: ctx.clock.kind }));
          const send = () => {
            batch = null;
            if (closed || missed.size === 0 || (controller.desiredSize ?? 1) <= 0) return;
            const topics = [...missed];
            missed = new Set(); // first: enqueue may call pull at once
            controller.enqueue(frame('change', { topics }));
          };
          // One event per burst (creating an org touches several tables in turn): a real timer,
          // not the mock's clock, since a virtual clock stands still between advances.
          const note = (topic: string) => {
            missed.add(topic);
            batch ??= setTimeout(send, BATCH_MS);
          };
          const offs = [
            ctx.bus.on('changed', ({ topic }) => note(topic)),
            ctx.bus.on('sfvopi.call-event', () => note('sfvCalls')),
            ctx.bus.on('journal', (e) => {
              if (newsworthy(e)) note('journal');
            }),
          ];
          unsubscribe = () => offs.forEach((off) => off());
        },
        pull(controller) {
          if (missed.size === 0 || closed || batch !== null) return;
          const topics = [...missed];
          missed = new Set();
          controller.enqueue(frame('change', { topics }));
        },
        cancel: close,
      },
      // One event waits for a reader that is not reading; everything after it merges into `missed`.
      { highWaterMark: 1 },
    );
    return new Response(body, {
      status: 200,
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' },
    });
  },
};
