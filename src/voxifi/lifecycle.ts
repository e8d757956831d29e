// The call engine: each call walks queued → ringing → in-progress → completed (or busy,
// no-answer, failed, or rings until canceled) on the mock's clock, following the script of its
// destination number (magic-numbers.ts). Connecting makes the cost Pending (a ledger entry);
// completing posts it: the balance is debited and the entry becomes Posted.
import type { MockContext } from '../core/context.ts';
import type { VxCall, VxTransaction } from '../voxifi/model.ts';
import { DIAL_SECONDS, scriptFor, type CallScript } from './magic-numbers.ts';
import { callCost, cents } from './pricing.ts';
import { addTransaction, orgOf, postToBalance } from './ledger.ts';
import { emitVoxifiEvent } from './webhook-events.ts';
import { isoSeconds } from '../webhooks/envelope.ts';
import { createTimers, type Timers } from '../core/timers.ts';

interface Active {
  timer: number | null;
  /** Set once connected: the cost held as Pending and its ledger entry. */
  cost?: number;
  transaction?: Promise<VxTransaction>;
}

export interface CallEngine {
  active: Map<string, Active>;
  /** Every call's next step; a reset clears them so old calls never fire into the new state. */
  timers: Timers;
  /** Pending (connected, not yet posted) call costs per org, kept as a sum for O(1) reads. */
  pending: Map<number, number>;
}

declare module '../core/context.ts' {
  interface Engines {
    voxifiCalls: CallEngine;
  }
}

export function createCallEngine(ctx: MockContext): CallEngine {
  const created: CallEngine = { active: new Map(), pending: new Map(), timers: createTimers(ctx.clock) };
  ctx.onReset.add(() => {
    created.timers.clear();
    created.active.clear();
    created.pending.clear();
  });
  return created;
}

const engineOf = (ctx: MockContext): CallEngine => ctx.engines.voxifiCalls;

export function pendingCostOf(ctx: MockContext, orgId: number): number {
  return cents(engineOf(ctx).pending.get(orgId) ?? 0);
}

function after(ctx: MockContext, call: VxCall, seconds: number, step: () => void): void {
  const engine = engineOf(ctx);
  const active = engine.active.get(call.id);
  if (!active) return;
  active.timer = engine.timers.setTimeout(() => {
    active.timer = null;
    step();
  }, seconds * 1000);
}

export function startCall(ctx: MockContext, call: VxCall): void {
  engineOf(ctx).active.set(call.id, { timer: null });
  const script = scriptFor(call.customer_number);
  after(ctx, call, DIAL_SECONDS, () => dial(ctx, call, script));
}

/** Stops a call that has not connected (cancel): its timers are dropped. */
export function stopCall(ctx: MockContext, call: VxCall): void {
  const engine = engineOf(ctx);
  const active = engine.active.get(call.id);
  engine.timers.clearTimeout(active?.timer);
  engine.active.delete(call.id);
}

function dial(ctx: MockContext, call: VxCall, script: CallScript): void {
  if (script.outcome !== 'completed' && script.outcome !== 'ring-forever' && script.ringSeconds === null) {
    return endUnconnected(ctx, call, script);
  }
  ctx.store.vxCalls.patch(call, { status: 'ringing' });
  if (script.outcome === 'ring-forever') return; // until canceled: no timer
  after(ctx, call, script.ringSeconds!, () => (script.outcome === 'completed' ? connect(ctx, call, script.talkSeconds, script.sentiment) : endUnconnected(ctx, call, script)));
}

function endUnconnected(ctx: MockContext, call: VxCall, script: Extract<CallScript, { failureReason: string }>): void {
  engineOf(ctx).active.delete(call.id);
  ctx.store.vxCalls.patch(call, {
    status: script.outcome,
    end_time: isoSeconds(ctx.clock.now()),
    failure_reason: script.failureReason,
    error_code: script.errorCode,
  });
  emitVoxifiEvent(ctx, call.orgId, 'call.failed', { call_id: call.id, failure_reason: script.failureReason, error_code: script.errorCode });
}

function connect(ctx: MockContext, call: VxCall, talkSeconds: number, sentiment: string): void {
  const engine = engineOf(ctx);
  const active = engine.active.get(call.id)!;
  // The script fixes the talk time, so the Pending cost is already the final one.
  const { breakdown, total } = callCost(talkSeconds);
  ctx.store.vxCalls.patch(call, {
    status: 'in-progress',
    start_time: isoSeconds(ctx.clock.now()),
    cost: total,
    cost_breakdown: breakdown,
    cost_status: 'Pending',
  });
  active.cost = total;
  engine.pending.set(call.orgId, (engine.pending.get(call.orgId) ?? 0) + total);
  const org = orgOf(ctx, call.orgId);
  active.transaction = addTransaction(ctx, call.orgId, {
    type: 'Call Cost',
    description: `Call to ${call.customer_number}`,
    amount: -total,
    balance_after: cents(org.balance - total),
    status: 'Pending',
    call_id: call.id,
  });
  emitVoxifiEvent(ctx, call.orgId, 'call.started', {
    call_id: call.id,
    assistant_id: call.assistant_id,
    customer_number: call.customer_number,
    start_time: call.start_time,
  });
  after(ctx, call, talkSeconds, () => complete(ctx, call, talkSeconds, sentiment));
}

function transcriptOf(ctx: MockContext, call: VxCall): string {
  const agent = ctx.store.vxAgents.get(call.assistant_id)?.name ?? 'your assistant';
  const name = call.variables.firstName ?? call.variables.name;
  return [
    `Agent: Hello${name ? ` ${name}` : ''}, this is ${agent} calling.`,
    'Customer: Hi, yes, go ahead.',
    'Agent: Thanks for your time. Is there anything else I can help with?',
    'Customer: No, that is all. Goodbye.',
  ].join('\n');
}

function complete(ctx: MockContext, call: VxCall, talkSeconds: number, sentiment: string): void {
  const engine = engineOf(ctx);
  const active = engine.active.get(call.id)!;
  engine.active.delete(call.id);
  const cost = active.cost ?? 0;
  engine.pending.set(call.orgId, (engine.pending.get(call.orgId) ?? 0) - cost);
  const balanceAfter = postToBalance(ctx, orgOf(ctx, call.orgId), -cost);
  ctx.store.vxCalls.patch(call, {
    status: 'completed',
    end_time: isoSeconds(ctx.clock.now()),
    duration_seconds: talkSeconds,
    transcript: transcriptOf(ctx, call),
    sentiment,
    cost_status: 'Posted',
  });
  void active.transaction?.then((t) => ctx.store.vxTransactions.patch(t, { status: 'Posted', balance_after: balanceAfter }));
  emitVoxifiEvent(ctx, call.orgId, 'call.ended', { call_id: call.id, end_time: call.end_time, duration_seconds: call.duration_seconds });
  emitVoxifiEvent(ctx, call.orgId, 'call.completed', {
    call_id: call.id,
    assistant_id: call.assistant_id,
    customer_number: call.customer_number,
    start_time: call.start_time,
    end_time: call.end_time,
    duration_seconds: call.duration_seconds,
    transcript: call.transcript,
    cost: call.cost,
    currency: call.currency,
    status: call.status,
    sentiment: call.sentiment,
  });
}
