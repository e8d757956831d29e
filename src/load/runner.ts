// Runs a load plan against the user's SFVoPI app on one mock: starts the plan's calls on the
// mock's clock at the ramp rate (inbound to a linked number, or outbound through POST /calls),
// and times what the engine observes of each (engine/observer.ts, read by sfvopi-observer.ts).
// With a virtual clock the figures are exact: a reply sent 300 ms after the caller stops is
// 300 ms, not about 300.
import type { MockContext } from '../core/context.ts';
import type { App } from '../sfvopi/model.ts';
import { createTimers, type Timers } from '../core/timers.ts';
import type { FileAccess } from '../core/files.ts';
import { callObservers } from '../sfvopi/engine/observer.ts';
import { runtimeOf } from '../sfvopi/engine/runtime.ts';
import { callsOfShard, holdSecondsOf, planProblems, startOffsetMs, type LoadPlan } from './plan.ts';
import { createStats, SFVOPI_HISTOGRAMS, type LoadResults, type Stats, type StatsListener } from './stats.ts';
import { loadUtterance, type Utterance } from './utterance.ts';
import { FRAME_MS } from '../audio/codec.ts';
import { SFVOPI_COUNTERS } from './counters.ts';
import { createTracks, newTrack, type Tracks } from './sfvopi-tracks.ts';
import { loadObserver } from './sfvopi-observer.ts';
import { hangupTracked, placeCall, type PlaceInput } from './sfvopi-placer.ts';

export { SFVOPI_COUNTERS } from './counters.ts';

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

/** The app an inbound plan calls, or the reason the plan cannot run. */
function checkedTarget(ctx: MockContext, plan: LoadPlan, deps: LoadDeps): App | undefined {
  const problems = planProblems(plan);
  if (problems.length > 0) throw new LoadPlanError(problems.join('; '));
  const { target } = plan;
  if (target.direction === 'outbound') {
    if (!deps.api) throw new LoadPlanError('outbound load needs the mock API');
    return undefined;
  }
  const link = ctx.store.links.get(target.to!);
  const app = link && link.status === 'ACTIVE' ? ctx.store.apps.get(link.app_id) : undefined;
  if (!app) throw new LoadPlanError(`no SFVoPI app is linked to ${target.to}`);
  return app;
}

async function utteranceOf(plan: LoadPlan, files: FileAccess | undefined): Promise<Utterance> {
  try {
    return await loadUtterance(plan.audio, plan.utterance_end_ms, files);
  } catch (e) {
    throw new LoadPlanError(e instanceof Error ? e.message : String(e));
  }
}

/** The run's state and its ending: settles once every call ended, or at cancel or reset. */
interface RunState {
  status: LoadStatus;
  ended: number;
  timers: Timers;
  tracks: Tracks;
  callees: string[];
  stats: Stats;
}

function createSettle(ctx: MockContext, state: RunState, planned: number, detach: () => void, finish: (at: number) => void) {
  return () => {
    if (state.status === 'running' && state.ended < planned) return;
    if (state.status === 'running') state.status = 'completed';
    detach();
    const { callees } = runtimeOf(ctx);
    for (const n of state.callees) callees.delete(n);
    finish(ctx.clock.now());
  };
}

/**
 * One timer at a time, for the next call due: a run of 10,000 calls costs one timer, not
 * 10,000 made at once, and each call is placed on its own turn of the event loop, so the
 * server answers others in between. (A wait past the runtime's 2^31-1 ms limit is the real
 * clock's to take in steps.)
 */
function scheduleCalls(ctx: MockContext, state: RunState, plan: LoadPlan, indexes: number[], startedAt: number, place: (index: number) => void): void {
  let next = 0;
  const scheduleNext = () => {
    if (state.status !== 'running' || next >= indexes.length) return;
    const due = startedAt + startOffsetMs(plan, indexes[next]!);
    state.timers.setTimeout(() => {
      if (ctx.clock.now() < due) return scheduleNext();
      place(indexes[next++]!);
      scheduleNext();
    }, Math.max(0, due - ctx.clock.now()));
  };
  scheduleNext();
}

function stopTimers(state: RunState): void {
  state.timers.clear();
}

export async function startSfvopiLoad(ctx: MockContext, plan: LoadPlan, deps: LoadDeps = {}): Promise<LoadRun> {
  const app = checkedTarget(ctx, plan, deps);
  const utterance = await utteranceOf(plan, ctx.files);
  const indexes = callsOfShard(plan);
  const state: RunState = {
    status: 'running', ended: 0, timers: createTimers(ctx.clock), tracks: createTracks(), callees: [],
    stats: createStats(SFVOPI_COUNTERS, SFVOPI_HISTOGRAMS, deps.listener),
  };
  const { stats } = state;
  stats.count('calls_planned', indexes.length);
  let resolve: (r: LoadResults) => void = () => {};
  const done = new Promise<LoadResults>((r) => { resolve = r; });
  const callEnded = () => { state.ended++; settle(); };
  const observer = loadObserver({
    ctx, stats, tracks: state.tracks, endFrames: Math.round(utterance.endMs / FRAME_MS), lateAfterMs: plan.late_after_ms, onEnded: callEnded,
  });
  const settle = createSettle(ctx, state, indexes.length, () => {
    callObservers(ctx).delete(observer);
    ctx.onReset.delete(onReset);
  }, (at) => {
    run.finishedAt ??= at;
    resolve(stats.results());
  });
  const placing: PlaceInput = { ctx, target: plan.target, app, api: deps.api, tracks: state.tracks, audio: utterance.audio, callees: state.callees };
  const place = async (index: number): Promise<void> => {
    if (state.status !== 'running') return;
    stats.count('calls_started');
    const failure = await placeCall(placing, newTrack(index), holdSecondsOf(plan, index));
    if (failure === null) return;
    stats.count('calls_failed');
    stats.failure(failure);
    callEnded();
  };
  // A reset drops the calls without hangups: the run ends with what it has.
  const onReset = () => {
    if (state.status !== 'running') return;
    state.status = 'cancelled';
    stopTimers(state);
    settle();
  };
  const run = loadRun(ctx, state, indexes.length, done, () => {
    if (state.status !== 'running') return;
    state.status = 'cancelled';
    stopTimers(state);
    hangupTracked(ctx, state.tracks);
    settle();
  });
  callObservers(ctx).add(observer);
  ctx.onReset.add(onReset);
  scheduleCalls(ctx, state, plan, indexes, run.startedAt, (index) => void place(index));
  return run;
}

function loadRun(ctx: MockContext, state: RunState, planned: number, done: Promise<LoadResults>, cancel: () => void): LoadRun {
  const { stats } = state;
  return {
    startedAt: ctx.clock.now(),
    finishedAt: null,
    done,
    cancel,
    results: () => stats.results(),
    progress: () => ({
      status: state.status,
      planned,
      started: stats.get('calls_started'),
      active: stats.get('calls_started') - state.ended,
      completed: stats.get('calls_completed'),
      failed: stats.get('calls_failed'),
    }),
  };
}
