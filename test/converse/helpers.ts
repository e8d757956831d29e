import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { createTestAgent, type TestAgentOptions } from './test-agent.ts';

export const ANSWER_URL = 'https://agent.invalid/answer';

/** A mock on a virtual clock whose only webhook peer and WebSocket server is the test agent. */
export async function converseWorld(options: TestAgentOptions = {}): Promise<Voicemock> {
  const agent = createTestAgent(options);
  const mock = await createVoicemock({ fetch: agent.fetch, connectWebSocket: agent.connect });
  agent.bindClock(mock.ctx.clock);
  return mock;
}
