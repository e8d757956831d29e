// Each rule, broken by an agent that keeps every other one, is caught with its own message.
import { describe, expect, it } from 'vitest';
import { runConversation } from '../../src/index.ts';
import { ANSWER_URL, converseWorld } from './helpers.ts';
import type { TestAgentOptions } from './test-agent.ts';

const SCRIPT = `
name: every rule
steps:
  - expect: { agent_speaks_within_ms: 500 }
  - barge_in: { after_ms: 200, say: { tone_ms: 600 } }
  - expect: { agent_stops_within_ms: 100 }
  - silence: 1500
  - say: { tone_ms: 500 }
  - expect: { agent_silent_for_ms: 200 }
  - expect: { agent_speaks_within_ms: 600 }
  - expect: { checkpoint_acknowledged_within_ms: 1500 }
  - dtmf: "#"
  - expect: { agent_hangs_up_within_ms: 2000 }
  - expect: { no_protocol_violations: true }
`;

async function failuresOf(options: TestAgentOptions): Promise<string[]> {
  const mock = await converseWorld(options);
  const result = await runConversation(mock, SCRIPT, { answerUrl: ANSWER_URL });
  return result.failures;
}

describe('an agent that breaks one rule is caught with the right message', () => {
  it('a well-behaved agent passes every expectation', async () => {
    expect(await failuresOf({ greetMs: 1500 })).toEqual([]);
  });

  it('late first audio', async () => {
    expect(await failuresOf({ greetMs: 1500, lateFirstAudioMs: 900 })).toEqual([
      "step 1 (agent_speaks_within_ms): the agent did not speak within 500 ms of the stream's start",
    ]);
  });

  it('talking over the caller', async () => {
    const failures = await failuresOf({ greetMs: 1500, talkOverCaller: true });
    expect(failures).toContainEqual(expect.stringMatching(/^step 6 \(agent_silent_for_ms\): the agent spoke 0 ms into 200 ms it should have been silent \(talking over the caller\)$/));
  });

  it('never clearing on barge-in', async () => {
    expect(await failuresOf({ greetMs: 1500, neverClear: true })).toEqual([
      'step 3 (agent_stops_within_ms): the agent was still speaking 100 ms after the caller barged in (it never sent clearAudio)',
    ]);
  });

  it('binary frames', async () => {
    const failures = await failuresOf({ greetMs: 1500, binaryFrames: true });
    expect(failures).toContainEqual(expect.stringMatching(/^step 11 \(no_protocol_violations\): \d+ protocol violations; the first: binary frame of 160 bytes; SFVoPI messages are JSON text frames: send audio as \{"event":"playAudio","media":\{"payload":"<base64>","contentType":"audio\/PCMA","sampleRate":8000\}\}$/));
  });

  it('the wrong codec', async () => {
    const failures = await failuresOf({ greetMs: 1500, wrongCodec: true });
    expect(failures).toEqual([
      expect.stringMatching(/^step 11 \(no_protocol_violations\): \d+ protocol violations; the first: playAudio contentType audio\/PCMU, but the Stream JSON asked for PCMA \(audio\/PCMA\)$/),
    ]);
  });

  it('checkpoints never acknowledged', async () => {
    expect(await failuresOf({ greetMs: 1500, noCheckpoints: true })).toEqual([
      'step 8 (checkpoint_acknowledged_within_ms): no checkpoint was acknowledged within 1500 ms (the agent sent none)',
    ]);
  });

  it('no hangup', async () => {
    expect(await failuresOf({ greetMs: 1500, noHangup: true })).toEqual([
      'step 10 (agent_hangs_up_within_ms): the agent did not hang up within 2000 ms',
    ]);
  });

  it('a schema violation names the message that broke it', async () => {
    const mock = await converseWorld({ greetMs: 1500, malformed: true });
    const result = await runConversation(mock, SCRIPT, { answerUrl: ANSWER_URL });
    expect(result.violations).toEqual([{
      at_ms: 100, rule: 'schema', sent: '{"event":"playAudio"}',
      message: expect.stringMatching(/^does not match WsClientMessage in openapi.yaml \(event "playAudio"\): .*media/),
    }]);
    expect(result.failures).toEqual([expect.stringMatching(/^step 11 \(no_protocol_violations\): 1 protocol violation; the first: does not match WsClientMessage/)]);
  });
});
