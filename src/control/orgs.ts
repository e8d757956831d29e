// Provider states: an organisation on both providers with its credentials, numbers, agents and
// balance. Used by the control API, by seeding and by in-process tests.
import type { components } from '../generated/control-api.ts';
import type { MockContext } from '../core/context.ts';
import type { Role } from '../core/store/model.ts';
import { freshVxNumber } from '../voxifi/numbers.ts';

export type CreateOrgInput = components['schemas']['CreateOrgRequest'];
export type CreatedOrg = components['schemas']['CreatedOrg'];

/** Why an organisation was not created: an invalid input (400), or maxOrgs reached (409 limit_reached). */
export class OrgInputError extends Error {
  readonly status: 400 | 409;
  readonly code: string;
  constructor(message: string, status: 400 | 409 = 400, code = 'invalid_request') {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The most each list of one organisation may hold (control-api.yaml says the same for HTTP). */
export const ORG_LIST_LIMITS = { sfvopiNumbers: 1000, voxifiNumbers: 1000, agents: 100 } as const;

/** maxOrgs, and the lists' sizes for callers that skip the contract (mock.createOrg). */
function checkLimits(ctx: MockContext, input: CreateOrgInput): void {
  const max = ctx.config.maxOrgs;
  if (ctx.store.orgs.all().length >= max) throw new OrgInputError(`At most ${max} organisations (maxOrgs); reset the mock or raise --max-orgs`, 409, 'limit_reached');
  const sizes = { sfvopiNumbers: input.sfvopi?.numbers?.length ?? 0, voxifiNumbers: input.voxifi?.numbers?.length ?? 0, agents: input.voxifi?.agents?.length ?? 0 };
  for (const [list, limit] of Object.entries(ORG_LIST_LIMITS)) {
    if (sizes[list as keyof typeof sizes] > limit) throw new OrgInputError(`at most ${limit} ${list} per organisation`);
  }
}

const ALL_ROLES: Role[] = ['Owner', 'Admin', 'Member'];

function freshSfvNumber(ctx: MockContext): string {
  for (;;) {
    const candidate = `+918${ctx.ids.numeric(9)}`;
    if (!ctx.store.numbers.get(candidate)) return candidate;
  }
}


export async function createOrg(ctx: MockContext, input: CreateOrgInput = {}): Promise<CreatedOrg> {
  const { store, ids } = ctx;
  checkLimits(ctx, input);
  const wanted = input.sfvopi?.numbers;
  for (const n of wanted ?? []) {
    if (store.numbers.get(n)) throw new OrgInputError(`number ${n} is already owned by an organisation`);
  }
  if (wanted && new Set(wanted).size !== wanted.length) throw new OrgInputError('numbers must be unique');
  const now = ctx.clock.now();
  const orgId = ++store.counters.org;
  const name = input.name ?? ids.companyName();
  const org = await store.orgs.insert({
    id: orgId,
    name,
    voxifiOrgId: `org_${ids.lower(10)}`,
    createdAt: now,
    rateLimit: input.voxifi?.rate_limit
      ? { requests: input.voxifi.rate_limit.requests, perSeconds: input.voxifi.rate_limit.per_seconds }
      : { ...ctx.config.voxifiRateLimit },
    balance: input.voxifi?.balance ?? 100,
  });

  // One key per role: a role listed twice is one key (60,000 of them once made 60,000 users).
  const roles = [...new Set((input.voxifi?.roles ?? ALL_ROLES) as Role[])];
  const owner = await store.users.insert({ id: ++store.counters.user, orgId, role: 'Owner', name: ids.fullName() });
  const sfvKey = `sfv_key_${ids.lower(24)}`;
  await store.apiKeys.insert({ key: sfvKey, orgId, provider: 'sfvopi', role: null, userId: owner.id, revoked: false });
  const session = `sess_${ids.lower(24)}`;
  await store.sessions.insert({ token: session, userId: owner.id, orgId, expired: false });

  const apiKeys: Record<string, string> = {};
  for (const role of roles) {
    const user = role === 'Owner' ? owner : await store.users.insert({ id: ++store.counters.user, orgId, role, name: ids.fullName() });
    const key = `vx_key_${ids.token(24)}`;
    await store.apiKeys.insert({ key, orgId, provider: 'voxifi', role, userId: user.id, revoked: false });
    apiKeys[role] = key;
  }

  const numbers = wanted ?? [freshSfvNumber(ctx), freshSfvNumber(ctx), freshSfvNumber(ctx)];
  for (const voipNumber of numbers) {
    await store.numbers.insert({ id: ++store.counters.number, orgId, voipNumber, provider: ids.pick(['exotel', 'plivo']), status: 'ACTIVE' });
  }

  const createdAt = new Date(now).toISOString();
  const vxNumbers: Array<{ id: string; number: string }> = [];
  const addVxNumber = async (number: string, assistantId: string | null) => {
    const record = await store.vxNumbers.insert({
      id: `pn_${ids.token(14)}`, orgId, number, assistant_id: assistantId,
      monthly_fee: vxNumbers.length === 0 ? 0 : 10, created_at: createdAt,
    });
    vxNumbers.push({ id: record.id, number: record.number });
  };
  const agents: Array<{ id: string; name: string; phone_number: string | null }> = [];
  for (const spec of input.voxifi?.agents ?? []) {
    const agent = await store.vxAgents.insert({
      id: `asst_${ids.token(14)}`, orgId, name: spec.name, phone_number: spec.phone_number ?? null, variables: [], created_at: createdAt,
    });
    if (spec.phone_number) await addVxNumber(spec.phone_number, agent.id);
    agents.push({ id: agent.id, name: agent.name, phone_number: agent.phone_number });
  }
  for (const number of input.voxifi?.numbers ?? []) await addVxNumber(number, null);

  return {
    org_id: orgId,
    name,
    sfvopi: { api_key: sfvKey, session, numbers },
    voxifi: { organization_id: org.voxifiOrgId, api_keys: apiKeys, balance: org.balance, agents, numbers: vxNumbers },
  };
}

export function orgState(ctx: MockContext, orgId: number) {
  const { store } = ctx;
  const org = store.orgs.get(String(orgId));
  if (!org) return undefined;
  const mine = <T extends { orgId: number }>(rows: readonly T[]) =>
    rows.filter((r) => r.orgId === orgId).map(({ orgId: _o, ...rest }) => rest);
  return {
    org_id: org.id,
    name: org.name,
    keys: store.apiKeys.all().filter((k) => k.orgId === orgId).map(({ key, provider, role, revoked }) => ({ key, provider, role, revoked })),
    sfvopi: {
      apps: store.apps.all().filter((a) => a.org_id === orgId),
      numbers: mine(store.numbers.all()),
      links: store.links.all().filter((l) => l.org_id === orgId),
    },
    voxifi: {
      organization_id: org.voxifiOrgId,
      balance: org.balance,
      agents: mine(store.vxAgents.all()),
      numbers: mine(store.vxNumbers.all()),
      calls: mine(store.lists.vxCalls.of(orgId)),
      transactions: mine(store.lists.vxTransactions.of(orgId)),
      webhooks: mine(store.vxWebhooks.all()).map(({ secret: _s, ...rest }) => rest),
    },
  };
}
