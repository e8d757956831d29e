// All state, per organisation, with the indexes the handlers use. `reset()` is O(tables).
import { createTable, type Table } from './table.ts';
import type {
  ApiKey, App, AppNumber, Org, OwnedNumber, Session, User, VxAgent, VxCall, VxCampaign, VxDelivery,
  VxPhoneNumber, VxTransaction, VxWebhook, SfvCall,
} from './model.ts';

/** Records of one org in creation order, for newest-first listing and cursor paging. */
export interface OrgLists<T extends { orgId: number; seq: number }> {
  add(record: T): void;
  of(orgId: number): readonly T[];
  reset(): void;
}

export function createOrgLists<T extends { orgId: number; seq: number }>(): OrgLists<T> {
  const lists = new Map<number, T[]>();
  return {
    add(record) {
      let list = lists.get(record.orgId);
      if (!list) lists.set(record.orgId, (list = []));
      list.push(record);
    },
    of: (orgId) => lists.get(orgId) ?? [],
    reset: () => lists.clear(),
  };
}

/** `changed` hears which table changed (see Table). */
export function createStore(changed?: (table: string) => void) {
  const tables = {
    orgs: createTable<Org>('orgs', (o) => String(o.id), changed),
    apiKeys: createTable<ApiKey>('apiKeys', (k) => k.key, changed),
    sessions: createTable<Session>('sessions', (s) => s.token, changed),
    users: createTable<User>('users', (u) => String(u.id), changed),
    apps: createTable<App>('apps', (a) => a.app_id, changed),
    numbers: createTable<OwnedNumber>('numbers', (n) => n.voipNumber, changed),
    links: createTable<AppNumber>('links', (l) => l.voip_number, changed),
    sfvCalls: createTable<SfvCall>('sfvCalls', (c) => c.call_uuid, changed),
    vxAgents: createTable<VxAgent>('vxAgents', (a) => a.id, changed),
    vxNumbers: createTable<VxPhoneNumber>('vxNumbers', (n) => n.id, changed),
    vxCalls: createTable<VxCall>('vxCalls', (c) => c.id, changed),
    vxTransactions: createTable<VxTransaction>('vxTransactions', (t) => t.id, changed),
    vxWebhooks: createTable<VxWebhook>('vxWebhooks', (w) => w.id, changed),
    vxDeliveries: createTable<VxDelivery>('vxDeliveries', (d) => d.id, changed),
    vxCampaigns: createTable<VxCampaign>('vxCampaigns', (c) => c.id, changed),
  };
  const lists = {
    vxCalls: createOrgLists<VxCall>(),
    vxTransactions: createOrgLists<VxTransaction>(),
    vxDeliveries: createOrgLists<VxDelivery>(),
  };
  const counters = { org: 0, user: 0, number: 0, seq: 0 };
  return {
    ...tables,
    lists,
    counters,
    nextSeq: () => ++counters.seq,
    reset() {
      for (const t of Object.values(tables) as Table<object>[]) t.reset();
      for (const l of Object.values(lists)) l.reset();
      counters.org = counters.user = counters.number = counters.seq = 0;
    },
  };
}

export type Store = ReturnType<typeof createStore>;
