// Call pricing. Voxifi documents the three cost components (voice, LLM, transcription) but not
// their rates; these are voicemock's, shaped like per-minute telephony rates. Billing is per
// started minute, so even a short call has a visible cost.
export const RATES_PER_MINUTE = { voice: 0.05, llm: 0.03, transcription: 0.01 } as const;

/** The least balance (after pending costs) that lets a call be placed; the docs give no figure. */
export const MIN_CALL_BALANCE = 0.5;

/** "Extra numbers cost $10.00/month each" (documented). */
export const PHONE_NUMBER_FEE = 10;

export const TOP_UP_MIN = 10;
export const TOP_UP_MAX = 10_000;

export function cents(amount: number): number {
  return Math.round((amount + Number.EPSILON) * 100) / 100;
}

export function callCost(durationSeconds: number) {
  const minutes = Math.max(1, Math.ceil(durationSeconds / 60));
  const breakdown = {
    voice: cents(RATES_PER_MINUTE.voice * minutes),
    llm: cents(RATES_PER_MINUTE.llm * minutes),
    transcription: cents(RATES_PER_MINUTE.transcription * minutes),
  };
  // The total is the sum of the rounded parts, so the breakdown always adds up.
  return { breakdown, total: cents(breakdown.voice + breakdown.llm + breakdown.transcription) };
}
