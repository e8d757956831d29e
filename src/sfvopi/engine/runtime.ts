// The live side of the engine, per mock: timers, in-flight webhooks, open streams, callee
// settings and kept recordings. Plain data in the store; everything that cannot be JSON is here.
// A reset cancels all of it without sending webhooks.
import type { MockContext } from '../../core/context.ts';
import type { SfvCall } from '../../sfvopi/model.ts';
import type { AudioSpec } from '../../audio/source.ts';
import type { Recorder } from '../../audio/recorder.ts';
import type { LoadedAudio } from './caller-audio.ts';
import type { components } from '../../generated/control-api.ts';
import type { StreamSession } from './stream/open.ts';
import { createStreamEngine, type StreamEngine } from './stream/shared.ts';
import { createTimers, type Timers } from '../../core/timers.ts';

export interface CallRun {
  call: SfvCall;
  audio: AudioSpec;
  /** The call's timers: ending the call (or a reset) clears them. */
  timers: Timers;
  /** Answer webhook requests to abort when the call ends. */
  aborts: Set<AbortController>;
  stream: StreamSession | null;
  /** Set once the call started ending; later timers and replies are ignored. */
  ending: boolean;
  /** A scenario active when the call was placed: it may force an answer-webhook failure. */
  scenario?: string | null;
}

/** How the callee at one number behaves, with the audio it sends. */
export interface CalleeSetting {
  info: components['schemas']['CalleeBehaviourInfo'];
  audio: LoadedAudio;
}

export interface Runtime {
  runs: Map<string, CallRun>;
  /** Calls being created (their record not yet stored): they count against maxLiveCalls with runs. */
  placing: number;
  callees: Map<string, CalleeSetting>;
  /** Insertion order is age: the oldest recording is dropped first. */
  recordings: Map<string, Recorder>;
  /** Fire-and-forget webhooks still in flight, aborted on reset. */
  inflight: Set<AbortController>;
  /** Webhook request timeouts (their requests are aborted on reset, so these are cleared). */
  timers: Timers;
  /** The streams' shared tick, recording budget and observers; made on first use. */
  streams?: StreamEngine;
}

declare module '../../core/context.ts' {
  interface Engines {
    sfvopi: Runtime;
  }
}

export function createRuntime(ctx: MockContext): Runtime {
  const fresh: Runtime = { runs: new Map(), placing: 0, callees: new Map(), recordings: new Map(), inflight: new Set(), timers: createTimers(ctx.clock) };
  ctx.onReset.add(() => {
    for (const run of fresh.runs.values()) {
      run.ending = true;
      run.timers.clear();
      for (const c of run.aborts) c.abort();
      run.stream?.dispose();
    }
    for (const c of fresh.inflight) c.abort();
    fresh.timers.clear();
    for (const r of fresh.recordings.values()) r.discard();
    fresh.runs.clear();
    fresh.callees.clear();
    fresh.recordings.clear();
    fresh.inflight.clear();
  });
  return fresh;
}

export const runtimeOf = (ctx: MockContext): Runtime => ctx.engines.sfvopi;

/** Runs fn after `seconds` on the mock's clock unless the call ends first. */
export function after(run: CallRun, seconds: number, fn: () => void): number {
  return run.timers.setTimeout(() => {
    if (!run.ending) fn();
  }, seconds * 1000);
}

export function cancelTimers(run: CallRun): void {
  run.timers.clear();
}

export function streamEngineOf(ctx: MockContext): StreamEngine {
  const runtime = runtimeOf(ctx);
  return (runtime.streams ??= createStreamEngine(ctx));
}

/** Keeps the newest `max` recordings; an older one is discarded (its memory freed, even while its stream plays on). */
export function keepRecording(runtime: Runtime, callUuid: string, recorder: Recorder, max: number): void {
  runtime.recordings.delete(callUuid);
  runtime.recordings.set(callUuid, recorder);
  for (const [key, old] of runtime.recordings) {
    if (runtime.recordings.size <= max) break;
    runtime.recordings.delete(key);
    old.discard();
  }
}
