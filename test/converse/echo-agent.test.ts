// The load tests' echo agent, on the mock's clock: it replies a known delay after the last
// frame of speech it heard, and the conversation runner reports exactly that delay (the
// virtual clock makes it exact), the same figure the agent measured itself.
import { describe, expect, it } from 'vitest';
import { runConversation } from '../../src/index.ts';
import { summarize } from '../../src/load/histogram.ts';
import { loadWorld } from '../load/helpers.ts';

describe('runConversation against the echo agent (virtual clock)', () => {
  it('reports the reply delay and answer webhook time the agent itself measured, exactly', async () => {
    const { mock, agent } = await loadWorld({ replyDelayMs: 340, answerDelayMs: 120, replyTone: true, replyFrames: 10 });
    const result = await runConversation(mock, `
name: echo
steps:
  - say: { tone_ms: 500 }
  - expect: { agent_speaks_within_ms: 340 }
  - expect: { checkpoint_acknowledged_within_ms: 500 }
  - hangup: true
  - expect: { no_protocol_violations: true }
`, { answerUrl: 'https://agent.invalid/answer' });
    expect(result.failures).toEqual([]);
    expect(agent.measuredReplyMs).toEqual([340]);
    expect(result.turns).toEqual([{ caller_end_ms: 500, agent_start_ms: 840, response_ms: 340 }]);
    expect(result.answer_webhook_ms).toBe(120);
    expect(summarize(result.results.histograms.response_ms!)).toMatchObject({ count: 1, min_ms: 340, max_ms: 340 });
    // Ten 20 ms frames of tone: 200 ms of agent speech, then silence until the caller hangs up.
    expect(result.timeline.filter((e) => e.who === 'agent' && e.what === 'speech')).toEqual([{ who: 'agent', what: 'speech', at_ms: 840, end_ms: 1040 }]);
  });
});
