// What a load run keeps per call it placed: found by call_uuid, or, for an outbound call still
// known only by the request_uuid POST /calls answered, by that until its first event.
import type { SfvCall } from '../sfvopi/model.ts';

export interface Track {
  index: number;
  /** When the frame holding the caller's last speech went out (null: not yet). */
  utteranceEnd: number | null;
  responded: boolean;
  /** When the audio queued so far will have played. */
  queuedUntil: number;
  /** Inside a stretch of agent audio (since the last checkpoint acknowledged or clear). */
  speaking: boolean;
}

export interface Tracks {
  byUuid: Map<string, Track>;
  byRequest: Map<string, Track>;
  of(call: SfvCall): Track | undefined;
}

export const newTrack = (index: number): Track => ({ index, utteranceEnd: null, responded: false, queuedUntil: 0, speaking: false });

export function createTracks(): Tracks {
  const byUuid = new Map<string, Track>();
  const byRequest = new Map<string, Track>();
  return {
    byUuid,
    byRequest,
    of(call) {
      const found = byUuid.get(call.call_uuid);
      if (found || !call.request_uuid) return found;
      const pending = byRequest.get(call.request_uuid);
      if (pending) {
        byRequest.delete(call.request_uuid);
        byUuid.set(call.call_uuid, pending);
      }
      return pending;
    },
  };
}
