// Magic destination numbers: dialing one of these gives a fixed outcome, so clients can test
// every terminal status. Any other number rings for DEFAULT_SCRIPT.ringSeconds, then talks for
// DEFAULT_SCRIPT.talkSeconds and completes. The +1500555 range is not assignable in the NANP.
export type CallScript =
  | { outcome: 'completed'; ringSeconds: number; talkSeconds: number; sentiment: string; description: string }
  | {
      outcome: 'busy' | 'no-answer' | 'failed';
      /** null: fails while dialing, without ringing. */
      ringSeconds: number | null;
      failureReason: string;
      errorCode: string;
      description: string;
    }
  | { outcome: 'ring-forever'; description: string };

/** Seconds a call waits `queued` before it rings (or fails to dial). */
export const DIAL_SECONDS = 1;

export const DEFAULT_SCRIPT: CallScript = {
  outcome: 'completed',
  ringSeconds: 3,
  talkSeconds: 90,
  sentiment: 'positive',
  description: 'Rings 3 s, talks 90 s, completes (billed 2 minutes).',
};

export const MAGIC_NUMBERS: Readonly<Record<string, CallScript>> = {
  '+15005550001': {
    outcome: 'busy', ringSeconds: 1, failureReason: 'Destination line was busy', errorCode: 'busy',
    description: 'Busy after 1 s of ringing.',
  },
  '+15005550002': {
    outcome: 'no-answer', ringSeconds: 30, failureReason: 'Call was not answered', errorCode: 'no_answer',
    description: 'Rings 30 s, then no-answer (error_code no_answer, as documented).',
  },
  '+15005550003': {
    outcome: 'failed', ringSeconds: null, failureReason: 'Call could not be connected', errorCode: 'failed',
    description: 'Fails while dialing, without ringing.',
  },
  '+15005550004': {
    outcome: 'completed', ringSeconds: 3, talkSeconds: 10, sentiment: 'neutral',
    description: 'A short call: rings 3 s, talks 10 s, completes (billed 1 minute).',
  },
  '+15005550005': {
    outcome: 'ring-forever',
    description: 'Rings until canceled, so cancel can be tested.',
  },
  '+15005550006': {
    outcome: 'completed', ringSeconds: 3, talkSeconds: 305, sentiment: 'positive',
    description: 'A long call: talks 305 s as in the docs example (billed 6 minutes).',
  },
};

export function scriptFor(customerNumber: string): CallScript {
  return MAGIC_NUMBERS[customerNumber] ?? DEFAULT_SCRIPT;
}
