// Control of simulated SFVoPI calls (the provider has no call resource): callee behaviour for
// outbound calls, inbound calls, hangup, DTMF, the caller's audio, and the recording of what
// the user's server played.
import type { components } from '../generated/control-api.ts';
import type { MockContext } from '../core/context.ts';
import { fail, json, type Resolver } from '../core/operation.ts';
import type { SfvCall } from '../sfvopi/model.ts';
import { writeWav } from '../audio/wav.ts';
import { controlError } from './provider.ts';
import { runtimeOf } from '../sfvopi/engine/runtime.ts';
import { ANY_NUMBER, calleeSetting, DEFAULT_CALLEE, type CalleeBehaviour } from '../sfvopi/engine/behaviour.ts';
import { loadCallerAudio, type CallerAudio, type LoadedAudio } from '../sfvopi/engine/caller-audio.ts';
import { changeAudio, hangupByParty, LiveCallLimitError, liveRun, startInboundCall } from '../sfvopi/engine/lifecycle.ts';
import { DEFAULT_TALK_SECONDS } from '../sfvopi/engine/limits.ts';

type S = components['schemas'];

async function audioOf(ctx: MockContext, input: CallerAudio | undefined): Promise<LoadedAudio> {
  try {
    return await loadCallerAudio(input, ctx.files);
  } catch (e) {
    fail(controlError(400, 'invalid_audio', e instanceof Error ? e.message : String(e)));
  }
}

/**
 * A call by its call_uuid, or by the request_uuid that `POST /calls` answered with (the only id
 * its caller has until the answer webhook brings the call_uuid). The store keeps at most its
 * last 500 calls, so the scan for a request_uuid is short.
 */
function callOr404(ctx: MockContext, id: string): SfvCall {
  const call = ctx.store.sfvCalls.get(id) ?? ctx.store.sfvCalls.all().find((c) => c.request_uuid === id);
  if (!call) fail(controlError(404, 'not_found', `no SFVoPI call ${id} (neither a call_uuid nor a request_uuid)`));
  return call;
}

function liveOr409(ctx: MockContext, id: string) {
  const call = callOr404(ctx, id);
  const run = liveRun(ctx, call.call_uuid);
  if (!run) fail(controlError(409, 'call_ended', `call ${call.call_uuid} has ended (${call.status})`));
  return run;
}

export const callResolvers: Record<string, Resolver<null>> = {
  listCalleeBehaviours: ({ ctx }) => {
    const { callees } = runtimeOf(ctx);
    const data = [...callees].filter(([n]) => n !== ANY_NUMBER).map(([number, s]) => ({ number, behaviour: s.info }));
    return json(200, { data, default: (callees.get(ANY_NUMBER) ?? DEFAULT_CALLEE).info });
  },
  setCalleeBehaviour: async ({ ctx, body }) => {
    const input = body<{ number: string; behaviour: CalleeBehaviour | null }>();
    const { callees } = runtimeOf(ctx);
    if (input.behaviour === null) {
      callees.delete(input.number);
      return json(200, { number: input.number, behaviour: input.number === ANY_NUMBER ? DEFAULT_CALLEE.info : null });
    }
    const { audio, ...rest } = input.behaviour;
    const setting = calleeSetting(rest, await audioOf(ctx, audio));
    callees.set(input.number, setting);
    return json(200, { number: input.number, behaviour: setting.info });
  },
  listSfvCalls: ({ ctx, query }) => {
    const orgId = query.get('org_id');
    const calls = ctx.store.sfvCalls.all().filter((c) => orgId === null || c.org_id === Number(orgId));
    return json(200, { data: [...calls].reverse() });
  },
  simulateInboundCall: async ({ ctx, body, scenario, afterAnswer }) => {
    const input = body<S['SimulateInboundCallRequest']>();
    const link = ctx.store.links.get(input.to);
    const app = link && link.status === 'ACTIVE' ? ctx.store.apps.get(link.app_id) : undefined;
    if (!app) fail(controlError(404, 'not_found', `no SFVoPI app is linked to ${input.to}`));
    if (app.status !== 'ACTIVE') fail(controlError(409, 'app_inactive', `the app linked to ${input.to} is INACTIVE`));
    const audio = await audioOf(ctx, input.audio);
    const call = await startInboundCall(ctx, {
      app,
      from: input.from,
      to: input.to,
      hangupAfterSeconds: input.hangup_after_seconds === undefined ? DEFAULT_TALK_SECONDS : input.hangup_after_seconds,
      callTimeLimit: input.call_time_limit ?? 14400,
      audio,
      // `Prefer: scenario=answer-timeout` (and the other answer-* names) on this request.
      scenario,
      // The answer webhook comes after this request's answer, at the same instant of the clock.
      begin: afterAnswer,
    }).catch((e: unknown) => {
      if (e instanceof LiveCallLimitError) fail(controlError(409, 'limit_reached', `At most ${e.max} calls in progress (maxLiveCalls); hang some up or raise --max-live-calls`));
      throw e;
    });
    return json(200, call);
  },
  getSfvCall: ({ ctx, params }) => json(200, callOr404(ctx, params.call_uuid!)),
  hangupSfvCall: ({ ctx, params }) => {
    const run = liveOr409(ctx, params.call_uuid!);
    hangupByParty(ctx, run);
    return json(200, run.call);
  },
  sendSfvDtmf: ({ ctx, params, body }) => {
    const { digits } = body<{ digits: string }>();
    const run = liveOr409(ctx, params.call_uuid!);
    const stream = run.stream;
    if (!stream || !stream.isOpen()) fail(controlError(409, 'no_stream', `call ${run.call.call_uuid} has no open stream`));
    const sent = [...digits];
    for (const digit of sent) stream.sendDtmf(digit);
    return json(200, { call_uuid: run.call.call_uuid, sent });
  },
  setSfvCallAudio: async ({ ctx, params, body }) => {
    const { audio } = body<{ audio: CallerAudio }>();
    const { call } = liveOr409(ctx, params.call_uuid!);
    const loaded = await audioOf(ctx, audio);
    // Re-checked: loading a WAV from disk yields to the event loop.
    const run = liveOr409(ctx, call.call_uuid);
    changeAudio(ctx, run, loaded);
    return json(200, run.call);
  },
  getSfvCallRecording: ({ ctx, params }) => {
    const { call_uuid } = callOr404(ctx, params.call_uuid!);
    const recorder = runtimeOf(ctx).recordings.get(call_uuid);
    if (!recorder) fail(controlError(404, 'not_found', `no recording kept for call ${call_uuid}`));
    const wav = writeWav({ sampleRate: recorder.sampleRate, samples: recorder.toPcm() });
    return new Response(wav, {
      status: 200,
      headers: { 'content-type': 'audio/wav', 'voicemock-recording-truncated': String(recorder.truncated) },
    });
  },
};
