import { describe, expect, it } from 'vitest';
import { runConversation } from '../../src/index.ts';
import { ANSWER_URL, converseWorld } from './helpers.ts';

const TALK = `
name: greets and answers
steps:
  - expect: { answer_webhook_within_ms: 1000 }
  - expect: { agent_speaks_within_ms: 500 }
  - silence: 1000
  - say: { tone_ms: 700 }
  - expect: { agent_speaks_within_ms: 400 }
  - expect: { checkpoint_acknowledged_within_ms: 1000 }
  - dtmf: "#"
  - expect: { agent_hangs_up_within_ms: 1500 }
  - expect: { no_protocol_violations: true }
`;

describe('runConversation against an agent with known timing (virtual clock)', () => {
  it('measures first audio, reply latency and the hangup exactly', async () => {
    const mock = await converseWorld({ replyDelayMs: 300, answerDelayMs: 120, leadingSilenceMs: 200 });
    const result = await runConversation(mock, TALK, { answerUrl: ANSWER_URL });
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
    expect(result.answer_webhook_ms).toBe(120);
    // Greeting sent 100 ms after the stream opened, its first 200 ms silent.
    expect(result.time_to_first_audio_ms).toBe(300);
    expect(result.turns.map((t) => t.response_ms)).toEqual([300]);
    expect(result.ended_by).toBe('agent');
  });
});
