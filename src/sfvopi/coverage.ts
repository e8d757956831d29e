// SFVoPI's outcomes beyond REST, for contract coverage: the media stream's messages both ways
// (start, media, dtmf, clearedAudio and playedStream sent to the user's server; playAudio,
// clearAudio and checkpoint received from it). The answer webhook's six failures come from
// openapi.yaml itself (core/coverage/outcomes.ts).
import type { MockContext } from '../core/context.ts';
import type { OutcomeDef } from '../core/coverage/outcomes.ts';
import { countOutcome } from '../core/coverage/tally.ts';

export const STREAM_OPERATION = 'sfvopiMediaStream';

const SENT: Record<string, string> = {
  start: 'answer the answer webhook with Stream JSON and accept the WebSocket',
  media: 'answer the answer webhook with Stream JSON and accept the WebSocket (audio follows start)',
  dtmf: 'POST /__voicemock/sfvopi/calls/{call_uuid}/dtmf {"digits":"1"} during a streamed call',
  clearedAudio: 'send {"event":"clearAudio"} on the stream',
  playedStream: 'send playAudio, then {"event":"checkpoint","name":"x"}: playedStream follows when the audio has played',
};
const RECEIVED: Record<string, string> = {
  playAudio: 'your agent sends {"event":"playAudio","media":{…}} on the stream',
  clearAudio: 'your agent sends {"event":"clearAudio"} on the stream (barge-in)',
  checkpoint: 'your agent sends {"event":"checkpoint","name":"…"} on the stream',
};

const def = (direction: 'sent' | 'received', event: string, text: string): OutcomeDef => ({
  id: `${STREAM_OPERATION} ${direction} ${event}`,
  provider: 'sfvopi',
  operation: STREAM_OPERATION,
  status: null,
  message: `${direction === 'sent' ? 'sent to your server' : 'received from your server'}: ${event}`,
  example: null,
  hint: { kind: 'callee', behaviour: `stream-${direction}-${event}`, text },
});

export const sfvopiStreamOutcomes: OutcomeDef[] = [
  ...Object.entries(SENT).map(([event, text]) => def('sent', event, text)),
  ...Object.entries(RECEIVED).map(([event, text]) => def('received', event, text)),
];

/** Counts a stream message of a documented kind; other events count nothing. */
export function countStreamMessage(ctx: MockContext, direction: 'sent' | 'received', event: unknown, orgId: number | null, by = 1): void {
  const table = direction === 'sent' ? SENT : RECEIVED;
  if (typeof event === 'string' && Object.hasOwn(table, event)) countOutcome(ctx, `${STREAM_OPERATION} ${direction} ${event}`, orgId, by);
}
