// Ring and hangup webhooks: fire-and-forget, 5 s timeout, no retry, reply ignored. The outcome
// lands in the call's events; nothing the receiver does can throw out of here.
import type { MockContext } from '../../core/context.ts';
import type { SfvCall } from '../../sfvopi/model.ts';
import { addEvent } from './call-events.ts';
import { NOTIFY_TIMEOUT_MS } from './limits.ts';
import { describeFetchError, timedFetch, type WebhookTarget } from './request.ts';
import { runtimeOf } from './runtime.ts';

export async function notify(ctx: MockContext, call: SfvCall, kind: 'ring' | 'hangup', target: WebhookTarget, payload: object): Promise<void> {
  const { inflight } = runtimeOf(ctx);
  const controller = new AbortController();
  inflight.add(controller);
  const base = { url: target.url, method: target.method };
  const sentAt = ctx.clock.now();
  let detail: Record<string, unknown> = base;
  try {
    const result = await timedFetch(ctx, target, payload, NOTIFY_TIMEOUT_MS, controller, async (response) => {
      await response.body?.cancel().catch(() => {});
    });
    // How long the answer took on the mock's clock (the inspector shows it).
    detail = { ...base, duration_ms: ctx.clock.now() - sentAt };
    if (controller.signal.aborted && !result.ok && !result.timedOut) return; // reset
    if (result.ok) addEvent(ctx, call, `${kind}_webhook`, { status: result.response.status, detail });
    else addEvent(ctx, call, `${kind}_webhook`, { detail: { ...detail, error: result.timedOut ? 'timeout' : describeFetchError(result.error) } });
  } catch (error) {
    addEvent(ctx, call, `${kind}_webhook`, { detail: { ...detail, error: describeFetchError(error) } });
  } finally {
    inflight.delete(controller);
  }
}
