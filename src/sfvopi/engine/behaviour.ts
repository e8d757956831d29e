// How the simulated callee of an outbound call behaves, per destination number, with the
// documented default: answer after 2 s, hang up after 30 s of talk.
import type { components } from '../../generated/control-api.ts';
import type { MockContext } from '../../core/context.ts';
import { DEFAULT_RING_SECONDS, DEFAULT_TALK_SECONDS } from './limits.ts';
import { SILENCE, type LoadedAudio } from './caller-audio.ts';
import { runtimeOf } from './runtime.ts';

export type CalleeBehaviour = components['schemas']['CalleeBehaviour'];
export type CalleeBehaviourInfo = components['schemas']['CalleeBehaviourInfo'];

export type { CalleeSetting } from './runtime.ts';
import type { CalleeSetting } from './runtime.ts';

export const ANY_NUMBER = '*';

export function calleeSetting(input: Omit<CalleeBehaviour, 'audio'>, audio: LoadedAudio): CalleeSetting {
  const base = { type: input.type, audio: audio.info };
  switch (input.type) {
    case 'answer':
      return {
        audio,
        info: {
          ...base,
          after_seconds: input.after_seconds ?? DEFAULT_RING_SECONDS,
          hangup_after_seconds: input.hangup_after_seconds === undefined ? DEFAULT_TALK_SECONDS : input.hangup_after_seconds,
        },
      };
    case 'hangup-after': {
      // after_seconds is the talk time here; the ring is the default one.
      const talk = input.after_seconds ?? DEFAULT_TALK_SECONDS;
      return { audio, info: { ...base, after_seconds: talk, hangup_after_seconds: talk } };
    }
    case 'busy':
    case 'fail':
      return { audio, info: { ...base, after_seconds: input.after_seconds ?? DEFAULT_RING_SECONDS, hangup_after_seconds: null } };
    case 'no-answer':
      return { audio, info: { ...base, after_seconds: null, hangup_after_seconds: null } };
  }
}

export const DEFAULT_CALLEE = calleeSetting({ type: 'answer' }, SILENCE);

/** Seconds of ringing before the callee answers, is busy or fails; null when it never does. */
export function ringSeconds(info: CalleeBehaviourInfo): number | null {
  if (info.type === 'no-answer') return null;
  if (info.type === 'hangup-after') return DEFAULT_RING_SECONDS;
  return info.after_seconds;
}

export function calleeFor(ctx: MockContext, number: string): CalleeSetting {
  const { callees } = runtimeOf(ctx);
  return callees.get(number) ?? callees.get(ANY_NUMBER) ?? DEFAULT_CALLEE;
}
