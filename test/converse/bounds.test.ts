import { converseMock } from './helpers.ts';
// Every input a user or an agent can grow is bounded: the script, its steps, what the caller
// says, the number of conversations, and what a conversation keeps (timeline, violations).
import { describe, expect, it } from 'vitest';
import { parseScript, ScriptError } from '../../src/converse/script.ts';
import { runConversation } from '../../src/index.ts';
import { runBatch } from '../../src/converse/batch.ts';
import { ANSWER_URL, converseWorld } from './helpers.ts';
import { loadWorld } from '../load/helpers.ts';

describe('conversation bounds', () => {
  it('refuses a script past its byte limit before parsing it', () => {
    const huge = `name: x\nsteps:\n${'  - silence: 1\n'.repeat(30_000)}`;
    expect(() => parseScript(huge)).toThrow(/bytes, more than the limit of 262144/);
  });

  it('refuses more steps than the limit', () => {
    const many = `name: x\nsteps:\n${'  - silence: 1\n'.repeat(1001)}`;
    expect(() => parseScript(many)).toThrow(ScriptError);
    expect(() => parseScript(`name: x\nsteps:\n${'  - silence: 1\n'.repeat(20)}`, 'x', { ...defaults(), maxSteps: 10 })).toThrow('x: 20 steps, more than the limit of 10');
  });

  it('refuses a YAML alias bomb', () => {
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n');
    expect(() => parseScript(bomb)).toThrow(ScriptError);
  });

  it('refuses caller audio past maxSayMs', async () => {
    const mock = await converseWorld();
    await expect(runConversation(mock, 'name: x\nsteps:\n  - say: { tone_ms: 5000 }\n', { answerUrl: ANSWER_URL, limits: { maxSayMs: 1000 } }))
      .rejects.toThrow('tone 5000 ms: 5000 ms of audio, more than the limit of 1000 ms');
  });

  it('refuses scripts × repeat past maxCalls, and concurrency past its limit', async () => {
    const mock = await converseWorld();
    const script = { source: 's', script: parseScript('name: x\nsteps:\n  - hangup: true\n') };
    await expect(runBatch(converseMock(mock), [script], { answerUrl: ANSWER_URL, repeat: 10_001 })).rejects.toThrow('1 scripts × repeat 10001 = 10001 conversations, more than the limit of 10000');
    await expect(runBatch(converseMock(mock), [script], { answerUrl: ANSWER_URL, concurrency: 101 })).rejects.toThrow('concurrency must be a whole number from 1 to 100');
  });

  it('keeps at most maxViolations violations and maxTimeline entries of a flooding agent, counting the rest', async () => {
    const mock = await converseWorld({ binaryFrames: true, greetMs: 3000 });
    const result = await runConversation(mock, 'name: x\nsteps:\n  - silence: 4000\n  - expect: { no_protocol_violations: true }\n', {
      answerUrl: ANSWER_URL, limits: { maxViolations: 5, maxTimeline: 3 },
    });
    expect(result.violations).toHaveLength(5);
    expect(result.violations_total).toBe(150);
    expect(result.timeline).toHaveLength(3);
    expect(result.passed).toBe(false);
  });

  it('an agent whose answer webhook never answers fails with the documented message, on the mock clock', async () => {
    const { mock } = await loadWorld({ replyDelayMs: 100, answerHangs: true });
    const result = await runConversation(mock, 'name: x\nsteps:\n  - expect: { agent_speaks_within_ms: 1000 }\n', { answerUrl: 'https://agent.invalid/answer' });
    expect(result.failures).toEqual(['the call failed: answer_url timeout']);
    expect(result.ended_by).toBe('failed');
  });

  it('a conversation is held to its timeout', async () => {
    const mock = await converseWorld({ replyDelayMs: 100 });
    const result = await runConversation(mock, 'name: x\ntimeout_ms: 2000\nsteps:\n  - silence: 5000\n  - hangup: true\n', { answerUrl: ANSWER_URL });
    expect(result.failures).toContain('the conversation did not finish within its timeout');
    expect(result.ended_by).toBe('timeout');
  });

  it('repeat × concurrency runs every conversation, and the report keeps at most maxReportConversations', async () => {
    const mock = await converseWorld({ replyDelayMs: 200 });
    const script = { source: 's', script: parseScript('name: x\nsteps:\n  - silence: 1200\n  - say: { tone_ms: 300 }\n  - expect: { agent_speaks_within_ms: 400 }\n  - hangup: true\n') };
    const report = await runBatch(converseMock(mock), [script], { answerUrl: ANSWER_URL, repeat: 12, concurrency: 4, limits: { maxReportConversations: 3 } });
    expect(report.scripts).toEqual([{ source: 's', name: 'x', conversations: 12, passed: 12, failed: 0, failures: {} }]);
    expect(report.conversations).toHaveLength(3);
    expect(report.conversations_dropped).toBe(9);
    expect(report.summary.response_ms).toMatchObject({ count: 12, min_ms: 200, max_ms: 200 });
  });
});

function defaults() {
  return { maxScriptBytes: 262144, maxSteps: 1000, maxScripts: 200, maxCalls: 10000, maxConcurrency: 100, maxTimeline: 2000, maxViolations: 50, maxSayMs: 60000, maxReportConversations: 50 };
}
