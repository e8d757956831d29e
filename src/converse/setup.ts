// Sets up what a conversation calls, through the mock's public entry as a user would: an
// organisation (POST /__voicemock/orgs), an SFVoPI app whose answer_url is the agent's, and a
// number linked to it. Inbound calls ring that number; outbound calls come from it.
import type { MockContext } from '../core/context.ts';
import type { App } from '../sfvopi/model.ts';
import { ScriptError } from './script.ts';

export interface ConverseTarget {
  /** The mock's one way in (mock.fetch). */
  fetch(request: Request): Promise<Response>;
}

/** What a conversation runs on: the mock's context (its engines and clock) and its one way in. */
export type ConverseMock = ConverseTarget & { ctx: MockContext };

export interface ConverseSetup {
  app: App;
  number: string;
  apiKey: string;
  answerUrl: string;
}

const SFVOPI = 'https://prod-api.superfone.co.in/superfone/sfvopi';

async function call(target: ConverseTarget, url: string, body: unknown, headers: Record<string, string> = {}): Promise<any> {
  const response = await target.fetch(new Request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }));
  const parsed = await response.json().catch(() => null);
  if (response.status !== 200) throw new ScriptError(`setting up the call: POST ${new URL(url).pathname} answered ${response.status}: ${JSON.stringify(parsed)}`);
  return parsed;
}

export async function setUpAgent(ctx: MockContext, target: ConverseTarget, answerUrl: string): Promise<ConverseSetup> {
  const org = await call(target, 'http://localhost/__voicemock/orgs', { name: 'Conversation test', voxifi: { agents: [] } });
  const key = { 'x-api-key': org.sfvopi.api_key as string };
  const number = org.sfvopi.numbers[0] as string;
  const created = await call(target, `${SFVOPI}/apps`, { name: 'Agent under test', answer_url: answerUrl }, key);
  await call(target, `${SFVOPI}/apps/${created.data.app_id}/numbers`, { voip_number: number }, key);
  return { app: ctx.store.apps.get(created.data.app_id)!, number, apiKey: org.sfvopi.api_key, answerUrl };
}
