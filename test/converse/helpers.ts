import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { nodeCapabilities } from '../../src/http/node-capabilities.ts';
// runBatch and the control runs take the context, as the CLI and the control API give it.
import { contextOf } from '../../src/internal.ts';
import type { ConverseMock } from '../../src/converse/setup.ts';
import { createTestAgent, type TestAgentOptions } from './test-agent.ts';

export const ANSWER_URL = 'https://agent.invalid/answer';

/** A mock on a virtual clock whose only webhook peer and WebSocket server is the test agent. */
export async function converseWorld(options: TestAgentOptions = {}): Promise<Voicemock> {
  const agent = createTestAgent(options);
  const mock = await createVoicemock({ ...nodeCapabilities, fetch: agent.fetch, connectWebSocket: agent.connect });
  agent.bindClock(mock.clock);
  return mock;
}

/** The context and one way in that runBatch takes (the CLI and control API pass the same). */
export const converseMock = (mock: Voicemock): ConverseMock => ({ ctx: contextOf(mock), fetch: mock.fetch });
