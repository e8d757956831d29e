import { converseMock } from './helpers.ts';
import { describe, expect, it } from 'vitest';
import { runConversation } from '../../src/index.ts';
import { runBatch } from '../../src/converse/batch.ts';
import { formatConverseJunit, formatConverseTable, mergeConverseReports } from '../../src/converse/report.ts';
import { parseScript } from '../../src/converse/script.ts';
import { ANSWER_URL, converseWorld } from './helpers.ts';

const TURN = 'steps:\n  - expect: { agent_speaks_within_ms: 500 }\n  - silence: 1200\n  - say: { tone_ms: 300 }\n  - expect: { agent_speaks_within_ms: 300 }\n  - hangup: true\n';

describe('conversation runs', () => {
  it('an outbound call goes through POST /calls, rings, and is measured like an inbound one', async () => {
    const mock = await converseWorld({ replyDelayMs: 250 });
    const result = await runConversation(mock, `name: out\ncall: { direction: outbound }\n${TURN}`, { answerUrl: ANSWER_URL });
    expect(result.failures).toEqual([]);
    expect(result.turns.map((t) => t.response_ms)).toEqual([250]);
    const calls = ((await (await mock.fetch('http://localhost/__voicemock/sfvopi/calls')).json()) as { data: Array<{ call_uuid: string; direction: string }> }).data;
    expect(calls.find((c) => c.call_uuid === result.call_uuid)?.direction).toBe('OUTBOUND');
  });

  it('shards of scripts × repeat merge into the figures of one run', async () => {
    const scripts = [
      { source: 'a', script: parseScript(`name: a\n${TURN}`) },
      { source: 'b', script: parseScript(`name: b\n${TURN.replace('agent_speaks_within_ms: 300', 'agent_speaks_within_ms: 100')}`) },
    ];
    const run = async (shard?: { index: number; count: number }) => runBatch(converseMock(await converseWorld({ replyDelayMs: 200 })), scripts, { answerUrl: ANSWER_URL, repeat: 3, concurrency: 2, shard });
    const whole = await run();
    const merged = mergeConverseReports([await run({ index: 0, count: 2 }), await run({ index: 1, count: 2 })]);
    expect(merged.counters).toEqual(whole.counters);
    expect(merged.summary).toEqual(whole.summary);
    expect(merged.scripts.map((s) => [s.name, s.passed, s.failed])).toEqual([['a', 3, 0], ['b', 0, 3]]);
    expect(merged.passed).toBe(false);
    expect(formatConverseTable(merged)).toContain("FAIL b: step 4 (agent_speaks_within_ms): the agent did not speak within 100 ms of the end of the caller's speech (×3)");
    const junit = formatConverseJunit(merged);
    expect(junit.match(/<testcase /g)).toHaveLength(2);
    expect(junit.match(/<failure /g)).toHaveLength(1);
  });
});
