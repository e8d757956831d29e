// A call from start to hangup, on the mock's clock. Outbound: ringing (ring webhook) → the
// callee's behaviour → answered → answer webhook → stream → hangup webhook. Inbound: answered
// at once → answer webhook from the app → stream → hangup webhook. Hangup causes are Q.850
// codes as strings: 16 normal clearing (also CANCELED), 17 busy, 19 no answer, 41 temporary
// failure (network failure, failed answer webhook, stream that never connected), 102 timer
// expiry (call_time_limit, stream_timeout).
import { countSettled } from '../../core/coverage/count.ts';
import type { MockContext } from '../../core/context.ts';
import type { App, SfvCall } from '../../sfvopi/model.ts';
import type { components } from '../../generated/openapi.ts';
import { addEvent } from './call-events.ts';
import { after, cancelTimers, keepRecording, runtimeOf, streamEngineOf, type CallRun } from './runtime.ts';
import { createWavFileSink } from '../../audio/wav-file.ts';
import { createTimers } from '../../core/timers.ts';
import { calleeFor, ringSeconds } from './behaviour.ts';
import { notify } from './notify.ts';
import { hangupPayload, ringPayload } from './payloads.ts';
import { requestStream, type StreamConfig } from './answer.ts';
import { openStream } from './stream/open.ts';
import { MAX_CALLS, MAX_RECORDINGS, maxLiveCallsOf } from './limits.ts';
import type { LoadedAudio } from './caller-audio.ts';
import type { WebhookTarget } from './request.ts';
import { observe, observed } from './observer.ts';

type FinalStatus = components['schemas']['HangupCallStatus'];
export type InitiateCallInput = components['schemas']['InitiateCallRequest'];

const iso = (ctx: MockContext) => new Date(ctx.clock.now()).toISOString();

function target(url: string | null | undefined, method: 'POST' | 'GET' | undefined): WebhookTarget | null {
  return url ? { url, method: method ?? 'POST' } : null;
}

function newCallUuid(ctx: MockContext): string {
  for (;;) {
    const uuid = `call-uuid-${Math.floor(ctx.clock.now() / 1000)}-${ctx.ids.lower(6)}`;
    if (!ctx.store.sfvCalls.get(uuid)) return uuid;
  }
}

/** Drops the oldest finished calls past MAX_CALLS; live calls are never dropped. */
function trimCalls(ctx: MockContext): void {
  const table = ctx.store.sfvCalls;
  if (table.count() <= MAX_CALLS) return;
  for (const call of table.all()) {
    if (table.count() <= MAX_CALLS) break;
    if (call.ended) table.remove(call);
  }
}

/** A call the mock cannot take: maxLiveCalls are in progress. Each way in answers it in its own envelope. */
export class LiveCallLimitError extends Error {
  readonly max: number;
  constructor(max: number) {
    super(`limit of ${max} calls in progress reached (voicemock maxLiveCalls); hang some up or raise the limit`);
    this.max = max;
  }
}

async function createRun(ctx: MockContext, record: SfvCall, audio: LoadedAudio): Promise<CallRun> {
  const max = maxLiveCallsOf(ctx);
  const runtime = runtimeOf(ctx);
  if (runtime.runs.size + runtime.placing >= max) throw new LiveCallLimitError(max);
  // Counted from here: placements arriving together cannot all pass the check above.
  runtime.placing++;
  let call: SfvCall;
  try {
    call = await ctx.store.sfvCalls.insert(record);
  } finally {
    runtime.placing--;
  }
  trimCalls(ctx);
  const run: CallRun = { call, audio: audio.spec, timers: createTimers(ctx.clock), aborts: new Set(), stream: null, ending: false };
  runtime.runs.set(call.call_uuid, run);
  return run;
}

function blankCall(ctx: MockContext): Pick<SfvCall, 'call_uuid' | 'ended' | 'hangup_cause' | 'failure' | 'answer_at' | 'ended_at' | 'duration' | 'stream' | 'events' | 'events_dropped'> {
  return {
    call_uuid: newCallUuid(ctx), ended: false, hangup_cause: null, failure: null, answer_at: null, ended_at: null,
    duration: 0, stream: null, events: [], events_dropped: 0,
  };
}

export async function startOutboundCall(
  ctx: MockContext,
  { app, from, to, requestUuid, input, scenario = null }: { app: App; from: string; to: string; requestUuid: string; input: InitiateCallInput; scenario?: string | null },
): Promise<SfvCall> {
  const callee = calleeFor(ctx, to);
  const run = await createRun(ctx, {
    ...blankCall(ctx),
    request_uuid: requestUuid,
    org_id: app.org_id,
    app_id: app.app_id,
    direction: 'OUTBOUND',
    from,
    to,
    status: 'RINGING',
    started_at: iso(ctx),
    ring_timeout: input.ring_timeout ?? 60,
    call_time_limit: input.call_time_limit ?? 14400,
    hangup_after_seconds: callee.info.hangup_after_seconds,
    webhooks: {
      answer: target(input.answer_url, input.answer_method)!,
      // No fallback field exists on the call request: the from-number's app supplies it.
      fallback_answer: target(app.fallback_answer_url, app.fallback_answer_method),
      ring: target(input.ring_url, input.ring_method),
      // The call's hangup_url overrides the app's for this call only.
      hangup: input.hangup_url ? target(input.hangup_url, input.hangup_method) : target(app.hangup_url, app.hangup_method),
    },
    behaviour: callee.info,
    audio: callee.audio.info,
  }, callee.audio);
  run.scenario = scenario;
  const { call } = run;
  addEvent(ctx, call, 'queued', { detail: { request_uuid: requestUuid } });
  addEvent(ctx, call, 'ringing');
  if (call.webhooks.ring) void notify(ctx, call, 'ring', call.webhooks.ring, ringPayload(call));
  // Registered first, so at equal times the ring timeout wins over the callee.
  after(run, call.ring_timeout!, () => endCall(ctx, run, 'NO_ANSWER', '19', 'no_answer'));
  const ring = ringSeconds(callee.info);
  if (ring !== null) {
    after(run, ring, () => {
      if (callee.info.type === 'busy') endCall(ctx, run, 'BUSY', '17', 'busy');
      else if (callee.info.type === 'fail') endCall(ctx, run, 'FAILED', '41', 'failed');
      else void answer(ctx, run);
    });
  }
  return call;
}

export async function startInboundCall(
  ctx: MockContext,
  { app, from, to, hangupAfterSeconds, callTimeLimit, audio, scenario = null, begin }: {
    app: App; from: string; to: string; hangupAfterSeconds: number | null; callTimeLimit: number; audio: LoadedAudio; scenario?: string | null;
    /** When to ask answer_url: a control request passes its afterAnswer; by default, on the mock's clock at once. */
    begin?: (start: () => void) => void;
  },
): Promise<SfvCall> {
  const run = await createRun(ctx, {
    ...blankCall(ctx),
    request_uuid: null,
    org_id: app.org_id,
    app_id: app.app_id,
    direction: 'INBOUND',
    from,
    to,
    status: 'RINGING',
    started_at: iso(ctx),
    ring_timeout: null,
    call_time_limit: callTimeLimit,
    hangup_after_seconds: hangupAfterSeconds,
    webhooks: {
      answer: target(app.answer_url, app.answer_method)!,
      fallback_answer: target(app.fallback_answer_url, app.fallback_answer_method),
      ring: null,
      hangup: target(app.hangup_url, app.hangup_method),
    },
    behaviour: null,
    audio: audio.info,
  }, audio);
  run.scenario = scenario;
  addEvent(ctx, run.call, 'ringing');
  // SFVoPI answers inbound calls itself before asking answer_url. The webhook starts once the
  // control request that placed the call is over (and journaled), with no delay of its own;
  // without such a request, on a timer of the mock's clock.
  markAnswered(ctx, run);
  const start = () => {
    if (!run.ending) void requestAndStream(ctx, run);
  };
  if (begin) begin(start);
  else after(run, 0, start);
  return run.call;
}

async function answer(ctx: MockContext, run: CallRun): Promise<void> {
  markAnswered(ctx, run);
  await requestAndStream(ctx, run);
}

function markAnswered(ctx: MockContext, run: CallRun): void {
  const { call } = run;
  cancelTimers(run);
  call.status = 'IN_PROGRESS';
  call.answer_at = iso(ctx);
  addEvent(ctx, call, 'answered');
  after(run, call.call_time_limit, () => endCall(ctx, run, 'COMPLETED', '102', 'time_limit'));
  if (call.hangup_after_seconds !== null) {
    const who = call.direction === 'OUTBOUND' ? 'callee_hangup' : 'caller_hangup';
    after(run, call.hangup_after_seconds, () => endCall(ctx, run, 'COMPLETED', '16', who));
  }
}

async function requestAndStream(ctx: MockContext, run: CallRun): Promise<void> {
  const { call } = run;
  if (run.ending) return;
  try {
    const asked = ctx.clock.now();
    const outcome = await requestStream(ctx, run);
    if (run.ending || outcome.kind === 'cancelled') return;
    observe(ctx, 'answerWebhook', call, ctx.clock.now() - asked, outcome.kind === 'stream');
    if (outcome.kind === 'failed') {
      call.failure = outcome.message;
      countSettled(ctx, 'sfvopiAnswerWebhook', 502, outcome.message, run.scenario ?? null, call.org_id);
      addEvent(ctx, call, 'answer_failed', { status: 502, message: outcome.message });
      endCall(ctx, run, 'FAILED', '41', 'failed');
      return;
    }
    startStream(ctx, run, outcome.stream);
  } catch (error) {
    // Defensive: nothing a user's server does may escape as an unhandled rejection.
    if (!run.ending) {
      addEvent(ctx, call, 'failed', { message: error instanceof Error ? error.message : String(error) });
      endCall(ctx, run, 'FAILED', '41', 'failed');
    }
  }
}

function startStream(ctx: MockContext, run: CallRun, config: StreamConfig): void {
  const { call } = run;
  addEvent(ctx, call, 'stream_connecting', { detail: { url: config.url, codec: config.codec, sample_rate: config.sample_rate } });
  const connecting = ctx.clock.now();
  const dir = ctx.config.recording.dir;
  const sink = dir && ctx.files ? createWavFileSink(ctx.files, `${dir.replace(/\/+$/, '')}/${call.call_uuid}.wav`, config.sample_rate) : undefined;
  run.stream = openStream(ctx, call, config, run.audio, {
    ...(observed(ctx) ? {
      onClientEvent: (kind, audioMs) => observe(ctx, 'streamEvent', call, kind, audioMs),
      onMediaSent: (count) => observe(ctx, 'mediaSent', call, count),
      onClientMessage: (data) => observe(ctx, 'streamMessage', call, data),
    } : {}),
    onOpen() {
      observe(ctx, 'streamOpen', call, ctx.clock.now() - connecting);
      keepRecording(runtimeOf(ctx), call.call_uuid, run.stream!.recorder, MAX_RECORDINGS);
      after(run, config.stream_timeout, () => void streamTimeout(ctx, run, config));
    },
    onLost(reason, detail) {
      if (run.ending) return;
      run.stream = null; // gone: nothing left to close at hangup
      if (reason === 'connect_failed') {
        addEvent(ctx, call, 'stream_failed', { message: detail });
        endCall(ctx, run, 'FAILED', '41', 'failed');
      } else {
        addEvent(ctx, call, 'stream_closed', { message: detail });
        if (!config.keep_call_alive) endCall(ctx, run, 'COMPLETED', '16', 'hangup');
      }
    },
  }, streamEngineOf(ctx), sink);
}

async function streamTimeout(ctx: MockContext, run: CallRun, config: StreamConfig): Promise<void> {
  addEvent(ctx, run.call, 'stream_timeout', { detail: { stream_timeout: config.stream_timeout } });
  if (config.keep_call_alive) {
    await run.stream?.close('stream_timeout');
    run.stream = null;
    addEvent(ctx, run.call, 'stream_closed', { message: 'stream_timeout' });
  } else {
    endCall(ctx, run, 'COMPLETED', '102', 'hangup', 'stream_timeout');
  }
}

/** Ends the call once: final status now, then the stream closes, then the hangup webhook. */
export function endCall(ctx: MockContext, run: CallRun, status: FinalStatus, cause: string, eventType: string, reason = eventType): void {
  if (run.ending) return;
  run.ending = true;
  cancelTimers(run);
  for (const c of run.aborts) c.abort();
  const { call } = run;
  const endedAt = ctx.clock.now();
  call.status = status;
  call.hangup_cause = cause;
  call.ended_at = new Date(endedAt).toISOString();
  call.duration = call.answer_at ? Math.max(0, Math.round((endedAt - Date.parse(call.answer_at)) / 1000)) : 0;
  if (eventType !== 'hangup') addEvent(ctx, call, eventType);
  addEvent(ctx, call, 'hangup', { detail: { call_status: status, hangup_cause: cause } });
  void (async () => {
    try {
      if (run.stream) {
        await run.stream.close(reason);
        addEvent(ctx, call, 'stream_closed', { message: reason });
      }
      const hangup = call.webhooks.hangup;
      if (hangup) await notify(ctx, call, 'hangup', hangup, hangupPayload(call));
    } catch {
      // notify and close never reject; nothing here may become an unhandled rejection.
    } finally {
      call.ended = true;
      const runtime = runtimeOf(ctx);
      if (runtime.runs.get(call.call_uuid) === run) runtime.runs.delete(call.call_uuid);
      observe(ctx, 'ended', call);
    }
  })();
}

export function liveRun(ctx: MockContext, callUuid: string): CallRun | undefined {
  const run = runtimeOf(ctx).runs.get(callUuid);
  return run && !run.ending ? run : undefined;
}

/** The simulated party hangs up: COMPLETED once answered, CANCELED while ringing. */
export function hangupByParty(ctx: MockContext, run: CallRun): void {
  const who = run.call.direction === 'OUTBOUND' ? 'callee_hangup' : 'caller_hangup';
  if (run.call.status === 'IN_PROGRESS') endCall(ctx, run, 'COMPLETED', '16', who);
  else endCall(ctx, run, 'CANCELED', '16', who);
}

export function changeAudio(ctx: MockContext, run: CallRun, audio: LoadedAudio): void {
  run.audio = audio.spec;
  run.call.audio = audio.info;
  run.stream?.setSource(audio.spec);
  addEvent(ctx, run.call, 'audio_changed', { detail: { ...audio.info } });
}
