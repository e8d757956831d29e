// AI agents: create, list, get, edit, delete (Owner/Admin; its numbers become unassigned).
import type { components } from '../generated/openapi.ts';
import type { MockContext } from '../core/context.ts';
import { fail, type OperationRequest } from '../core/operation.ts';
import { isoMillis } from '../core/clock.ts';
import type { VxAgent } from '../voxifi/model.ts';
import { ERRORS, ok, type VxAuth } from './provider.ts';
import { agentView } from './views.ts';

type Req = OperationRequest<VxAuth>;
type S = components['schemas'];

/** The org's agent, or undefined; another org's agent is treated as missing. */
export function agentOf(ctx: MockContext, orgId: number, agentId: string): VxAgent | undefined {
  const agent = ctx.store.vxAgents.get(agentId);
  return agent && agent.orgId === orgId ? agent : undefined;
}

export function findAgent(ctx: MockContext, orgId: number, agentId: string): VxAgent {
  return agentOf(ctx, orgId, agentId) ?? fail(ERRORS.agentNotFound());
}

export function listAgents({ ctx, auth }: Req) {
  return ok({ data: ctx.store.vxAgents.where('orgId', auth.orgId).map(agentView) });
}

export async function createAgent({ ctx, auth, body }: Req) {
  const input = body<S['VxCreateAgentRequest']>();
  const max = ctx.config.maxRecordsPerOrg;
  if (ctx.store.vxAgents.countWhere('orgId', auth.orgId) >= max) fail(ERRORS.limitReached('agents', max));
  const agent = await ctx.store.vxAgents.insert({
    id: `asst_${ctx.ids.token(14)}`,
    orgId: auth.orgId,
    name: input.name,
    phone_number: null,
    variables: input.variables ?? [],
    created_at: isoMillis(ctx.clock.now()),
  });
  return ok(agentView(agent));
}

export function getAgent({ ctx, auth, params }: Req) {
  return ok(agentView(findAgent(ctx, auth.orgId, params.agent_id!)));
}

export function updateAgent({ ctx, auth, params, body }: Req) {
  const agent = findAgent(ctx, auth.orgId, params.agent_id!);
  const changes = body<S['VxUpdateAgentRequest']>();
  ctx.store.vxAgents.patch(agent, changes);
  return ok(agentView(agent));
}

export function deleteAgent({ ctx, auth, params }: Req) {
  const agent = findAgent(ctx, auth.orgId, params.agent_id!);
  for (const number of ctx.store.vxNumbers.where('assistant_id', agent.id)) ctx.store.vxNumbers.patch(number, { assistant_id: null });
  ctx.store.vxAgents.remove(agent);
  return ok({ id: agent.id, deleted: true });
}
