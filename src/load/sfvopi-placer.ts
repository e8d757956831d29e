// Places one call of a load plan: inbound to the linked number, or outbound through the mock's
// own POST /calls (its callee answers with the plan's audio and holds for the plan's time).
import type { MockContext } from '../core/context.ts';
import type { App } from '../sfvopi/model.ts';
import { hangupByParty, startInboundCall } from '../sfvopi/engine/lifecycle.ts';
import { calleeSetting } from '../sfvopi/engine/behaviour.ts';
import { runtimeOf } from '../sfvopi/engine/runtime.ts';
import type { LoadedAudio } from '../sfvopi/engine/caller-audio.ts';
import type { SfvopiTarget } from './plan.ts';
import type { Track, Tracks } from './sfvopi-tracks.ts';

/** A caller number per call index, in a range no real subscriber uses in the mock. */
export const callerNumber = (index: number) => `+9199${String(index).padStart(8, '0')}`;
export const calleeNumber = (index: number) => `+9198${String(index).padStart(8, '0')}`;

export interface PlaceInput {
  ctx: MockContext;
  target: SfvopiTarget;
  /** Inbound: the app linked to target.to. */
  app: App | undefined;
  api: ((request: Request) => Promise<Response>) | undefined;
  tracks: Tracks;
  audio: LoadedAudio;
  /** Outbound callee numbers set up, to forget when the run ends. */
  callees: string[];
}

/** Places the call; answers a failure message when it could not be placed, else null. */
export async function placeCall(input: PlaceInput, track: Track, holdSeconds: number | null): Promise<string | null> {
  const { ctx, target, tracks } = input;
  try {
    if (target.direction === 'inbound') {
      const call = await startInboundCall(ctx, {
        app: input.app!, from: callerNumber(track.index), to: target.to!, hangupAfterSeconds: holdSeconds, callTimeLimit: 14400, audio: input.audio,
      });
      tracks.byUuid.set(call.call_uuid, track);
      return null;
    }
    const to = calleeNumber(track.index);
    runtimeOf(ctx).callees.set(to, calleeSetting({ type: 'answer', hangup_after_seconds: holdSeconds }, input.audio));
    input.callees.push(to);
    const response = await input.api!(new Request('https://prod-api.superfone.co.in/superfone/sfvopi/calls', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': target.api_key! },
      body: JSON.stringify({ from: target.from, to, answer_url: target.answer_url }),
    }));
    const body = (await response.json().catch(() => ({}))) as { data?: { request_uuid?: string }; message?: string };
    const requestUuid = body.data?.request_uuid;
    if (response.status !== 200 || !requestUuid) return `POST /calls answered ${response.status}: ${body.message ?? ''}`.trim();
    tracks.byRequest.set(requestUuid, track);
    return null;
  } catch (e) {
    return `could not place the call: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Hangs up every call of the run still live, ringing outbound calls (known by request_uuid) too. */
export function hangupTracked(ctx: MockContext, tracks: Tracks): void {
  const { runs } = runtimeOf(ctx);
  for (const uuid of [...tracks.byUuid.keys()]) {
    const live = runs.get(uuid);
    if (live && !live.ending) hangupByParty(ctx, live);
  }
  if (tracks.byRequest.size === 0) return;
  for (const live of [...runs.values()]) {
    if (live.call.request_uuid && tracks.byRequest.has(live.call.request_uuid) && !live.ending) hangupByParty(ctx, live);
  }
}
