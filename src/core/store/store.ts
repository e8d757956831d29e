// All state, per organisation, with the indexes the handlers use. `reset()` is O(tables).
// Core holds the records every provider shares (organisations, members, keys, sessions); each
// provider registers its own tables and lists (a StoreSchema) and types them by adding to
// StoreTables and StoreLists, so core names none of them.
import { createTable, type Table } from './table.ts';
import type { ApiKey, Org, Session, User } from './model.ts';

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

/** A provider's tables, filled in by its model module. */
export interface StoreTables {}
/** A provider's per-organisation lists, filled in by its model module. */
export interface StoreLists {}

/** What a provider keeps in the store: each table's key, and which tables also keep per-org lists. */
export interface StoreSchema {
  tables: Record<string, (record: any) => string>;
  lists?: string[];
}

interface SharedTables {
  orgs: Table<Org>;
  apiKeys: Table<ApiKey>;
  sessions: Table<Session>;
  users: Table<User>;
}

const SHARED: StoreSchema = {
  tables: {
    orgs: (o: Org) => String(o.id),
    apiKeys: (k: ApiKey) => k.key,
    sessions: (s: Session) => s.token,
    users: (u: User) => String(u.id),
  },
};

export type Store = SharedTables & StoreTables & {
  lists: StoreLists;
  counters: { org: number; user: number; number: number; seq: number };
  nextSeq(): number;
  reset(): void;
};

/** The store of the shared tables and those the providers register; `changed` hears which table changed (see Table). */
export function createStore(schemas: readonly StoreSchema[] = [], changed?: (table: string) => void): Store {
  const tables: Record<string, Table<object>> = {};
  const lists: Record<string, OrgLists<{ orgId: number; seq: number }>> = {};
  for (const schema of [SHARED, ...schemas]) {
    for (const [name, keyOf] of Object.entries(schema.tables)) {
      if (name in tables) throw new Error(`two providers register the store table ${name}`);
      tables[name] = createTable<object>(name, keyOf, changed);
    }
    for (const name of schema.lists ?? []) lists[name] = createOrgLists();
  }
  const counters = { org: 0, user: 0, number: 0, seq: 0 };
  return {
    ...(tables as unknown as SharedTables & StoreTables),
    lists: lists as unknown as StoreLists,
    counters,
    nextSeq: () => ++counters.seq,
    reset() {
      for (const t of Object.values(tables)) t.reset();
      for (const l of Object.values(lists)) l.reset();
      counters.org = counters.user = counters.number = counters.seq = 0;
    },
  };
}
