// Runs a load plan against the user's SFVoPI app on one mock: starts the plan's calls on the
// mock's clock at the ramp rate (inbound to a linked number, or outbound through POST /calls),
// and times what the engine observes of each (engine/observer.ts). With a virtual clock the
// figures are exact: a reply sent 300 ms after the caller stops is 300 ms, not about 300.
import type { MockContext } from '../core/context.ts';
import type { SfvCall } from '../sfvopi/model.ts';
import { callObservers, type CallObserver } from '../sfvopi/engine/observer.ts';
import { hangupByParty, liveRun, startInboundCall } from '../sfvopi/engine/lifecycle.ts';
import { calleeSetting } from '../sfvopi/engine/behaviour.ts';
import { runtimeOf } from '../sfvopi/engine/runtime.ts';
import { callsOfShard, holdSecondsOf, planProblems, startOffsetMs, type LoadPlan } from './plan.ts';
import { createStats, SFVOPI_HISTOGRAMS, type LoadResults, type StatsListener } from './stats.ts';
import { loadUtterance } from './utterance.ts';
import { FRAME_MS } from '../audio/codec.ts';
import { createTimers } from '../core/timers.ts';

export const SFVOPI_COUNTERS = [
  'calls_planned', 'calls_started', 'calls_answered', 'calls_completed', 'calls_failed', 'streams_opened',
  'responses', 'unanswered', 'play_audio_frames', 'late_frames', 'malformed_messages', 'checkpoints',
  'played_stream', 'clear_audio',
] as const;

/** The longest single wait on the clock (Node's timers overflow past 2^31-1 ms). */
const MAX_WAIT_MS = 2 ** 30;

export type LoadStatus = 'running' | 'completed' | 'cancelled';

export interface LoadProgress {
  status: LoadStatus;
  planned: number;
  started: number;
  active: number;
  completed: number;
  failed: number;
}

export interface LoadRun {
  progress(): LoadProgress;
  results(): LoadResults;
  /** Resolves when every call of the shard has ended (or the run was cancelled). */
  done: Promise<LoadResults>;
  cancel(): void;
  readonly startedAt: number;
  finishedAt: number | null;
}

export interface LoadDeps {
  /** The mock's own API, for outbound calls (POST /superfone/sfvopi/calls). */
  api?: (request: Request) => Promise<Response>;
  listener?: StatsListener;
}

export class LoadPlanError extends Error {}

interface Track {
  index: number;
  /** When the frame holding the caller's last speech went out (null: not yet). */
  utteranceEnd: number | null;
  responded: boolean;
  /** When the audio queued so far will have played. */
  queuedUntil: number;
  /** Inside a stretch of agent audio (since the last checkpoint acknowledged or clear). */
  speaking: boolean;
}

/** A caller number per call index, in a range no real subscriber uses in the mock. */
const callerNumber = (index: number) => `+9199${String(index).padStart(8, '0')}`;
const calleeNumber = (index: number) => `+9198${String(index).padStart(8, '0')}`;

function failureOf(call: SfvCall): string {
  if (call.failure) return call.failure;
  const event = [...call.events].reverse().find((e) => e.message && (e.type === 'stream_failed' || e.type === 'failed' || e.type === 'answer_failed'));
  if (event?.message) return event.type === 'stream_failed' ? `stream connection failed: ${event.message}` : event.message;
  return `call ${call.status.toLowerCase()}`;
}

export async function startSfvopiLoad(ctx: MockContext, plan: LoadPlan, deps: LoadDeps = {}): Promise<LoadRun> {
  const problems = planProblems(plan);
  if (problems.length > 0) throw new LoadPlanError(problems.join('; '));
  const { target } = plan;
  let app;
  if (target.direction === 'inbound') {
    const link = ctx.store.links.get(target.to!);
    app = link && link.status === 'ACTIVE' ? ctx.store.apps.get(link.app_id) : undefined;
    if (!app) throw new LoadPlanError(`no SFVoPI app is linked to ${target.to}`);
  } else if (!deps.api) {
    throw new LoadPlanError('outbound load needs the mock API');
  }
  let utterance;
  try {
    utterance = await loadUtterance(plan.audio, plan.utterance_end_ms, ctx.files);
  } catch (e) {
    throw new LoadPlanError(e instanceof Error ? e.message : String(e));
  }
  const indexes = callsOfShard(plan);
  const endFrames = Math.round(utterance.endMs / FRAME_MS);
  const stats = createStats(SFVOPI_COUNTERS, SFVOPI_HISTOGRAMS, deps.listener);
  stats.count('calls_planned', indexes.length);
  const byUuid = new Map<string, Track>();
  const byRequest = new Map<string, Track>();
  const timers = createTimers(ctx.clock);
  const callees: string[] = [];
  let ended = 0;
  let status: LoadStatus = 'running';
  let finish: (r: LoadResults) => void = () => {};
  const done = new Promise<LoadResults>((resolve) => { finish = resolve; });

  const trackOf = (call: SfvCall): Track | undefined => {
    const found = byUuid.get(call.call_uuid);
    if (found || !call.request_uuid) return found;
    const pending = byRequest.get(call.request_uuid);
    if (pending) {
      byRequest.delete(call.request_uuid);
      byUuid.set(call.call_uuid, pending);
    }
    return pending;
  };

  const settle = () => {
    if (status === 'running' && ended < indexes.length) return;
    if (status === 'running') status = 'completed';
    callObservers(ctx).delete(observer);
    ctx.onReset.delete(onReset);
    const { callees: settings } = runtimeOf(ctx);
    for (const n of callees) settings.delete(n);
    run.finishedAt ??= ctx.clock.now();
    finish(stats.results());
  };

  const observer: CallObserver = {
    answerWebhook(call, ms, ok) {
      if (!trackOf(call)) return;
      stats.sample('answer_webhook_ms', ms);
      if (ok) stats.count('calls_answered');
    },
    streamOpen(call, ms) {
      const track = trackOf(call);
      if (!track) return;
      stats.sample('ws_connect_ms', ms);
      stats.count('streams_opened');
      if (endFrames === 0) track.utteranceEnd = ctx.clock.now();
    },
    // The utterance ends when its last frame is sent, not when it was due: when the engine
    // falls behind (a saturated CPU), its lag must not count against the agent.
    mediaSent(call, count) {
      if (count !== endFrames) return;
      const track = trackOf(call);
      if (track && track.utteranceEnd === null) track.utteranceEnd = ctx.clock.now();
    },
    streamEvent(call, kind, audioMs) {
      const track = trackOf(call);
      if (!track) return;
      const now = ctx.clock.now();
      if (kind === 'playAudio') {
        stats.count('play_audio_frames');
        if (!track.responded) {
          if (track.utteranceEnd === null || now < track.utteranceEnd) return;
          track.responded = true;
          stats.count('responses');
          stats.sample('response_ms', now - track.utteranceEnd);
        } else if (track.speaking && now > track.queuedUntil + plan.late_after_ms) {
          stats.count('late_frames');
        }
        track.queuedUntil = Math.max(now, track.queuedUntil) + audioMs;
        track.speaking = true;
      } else if (kind === 'invalid') {
        stats.count('malformed_messages');
      } else if (kind === 'checkpoint') {
        stats.count('checkpoints');
      } else if (kind === 'playedStream') {
        stats.count('played_stream');
        track.speaking = false;
      } else if (kind === 'clearAudio') {
        stats.count('clear_audio');
        track.speaking = false;
        track.queuedUntil = now;
      }
    },
    ended(call) {
      const track = trackOf(call);
      if (!track) return;
      byUuid.delete(call.call_uuid);
      if (call.status === 'COMPLETED') stats.count('calls_completed');
      else {
        stats.count('calls_failed');
        stats.failure(failureOf(call));
      }
      if (!track.responded && track.utteranceEnd !== null && ctx.clock.now() >= track.utteranceEnd) stats.count('unanswered');
      ended++;
      settle();
    },
  };

  const failedToPlace = (message: string) => {
    stats.count('calls_failed');
    stats.failure(message);
    ended++;
    settle();
  };

  const place = async (index: number) => {
    if (status !== 'running') return;
    stats.count('calls_started');
    const track: Track = { index, utteranceEnd: null, responded: false, queuedUntil: 0, speaking: false };
    const hold = holdSecondsOf(plan, index);
    try {
      if (target.direction === 'inbound') {
        const call = await startInboundCall(ctx, {
          app: app!, from: callerNumber(index), to: target.to!, hangupAfterSeconds: hold, callTimeLimit: 14400, audio: utterance.audio,
        });
        byUuid.set(call.call_uuid, track);
        return;
      }
      const to = calleeNumber(index);
      runtimeOf(ctx).callees.set(to, calleeSetting({ type: 'answer', hangup_after_seconds: hold }, utterance.audio));
      callees.push(to);
      const response = await deps.api!(new Request('https://prod-api.superfone.co.in/superfone/sfvopi/calls', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': target.api_key! },
        body: JSON.stringify({ from: target.from, to, answer_url: target.answer_url }),
      }));
      const body = (await response.json().catch(() => ({}))) as { data?: { request_uuid?: string }; message?: string };
      const requestUuid = body.data?.request_uuid;
      if (response.status !== 200 || !requestUuid) return failedToPlace(`POST /calls answered ${response.status}: ${body.message ?? ''}`.trim());
      byRequest.set(requestUuid, track);
    } catch (e) {
      failedToPlace(`could not place the call: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const cancel = () => {
    if (status !== 'running') return;
    status = 'cancelled';
    timers.clear();
    for (const uuid of [...byUuid.keys()]) {
      const live = liveRun(ctx, uuid);
      if (live) hangupByParty(ctx, live);
    }
    // Outbound calls still ringing are known by their request_uuid only.
    if (byRequest.size > 0) {
      for (const live of [...runtimeOf(ctx).runs.values()]) {
        if (live.call.request_uuid && byRequest.has(live.call.request_uuid) && !live.ending) hangupByParty(ctx, live);
      }
    }
    settle();
  };
  // A reset drops the calls without hangups: the run ends with what it has.
  const onReset = () => {
    if (status !== 'running') return;
    status = 'cancelled';
    timers.clear();
    settle();
  };

  const run: LoadRun = {
    startedAt: ctx.clock.now(),
    finishedAt: null,
    done,
    cancel,
    results: () => stats.results(),
    progress: () => ({
      status,
      planned: indexes.length,
      started: stats.get('calls_started'),
      active: stats.get('calls_started') - ended,
      completed: stats.get('calls_completed'),
      failed: stats.get('calls_failed'),
    }),
  };
  callObservers(ctx).add(observer);
  ctx.onReset.add(onReset);
  // One timer at a time, for the next call due: a run of 10,000 calls costs one timer, not
  // 10,000 made at once, and each call is placed on its own turn of the event loop, so the
  // server answers others in between. Long waits go in steps: Node fires a timer of more than
  // 2^31-1 ms at once (at rate 0.001/s that was every call of the run, immediately).
  let next = 0;
  const scheduleNext = () => {
    if (status !== 'running' || next >= indexes.length) return;
    const due = run.startedAt + startOffsetMs(plan, indexes[next]!);
    timers.setTimeout(() => {
      if (ctx.clock.now() < due) return scheduleNext();
      void place(indexes[next++]!);
      scheduleNext();
    }, Math.min(MAX_WAIT_MS, Math.max(0, due - ctx.clock.now())));
  };
  scheduleNext();
  return run;
}
