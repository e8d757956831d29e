// Voxifi's records, field names as in its JSON, the organisation fields it adds, and the store
// tables and per-organisation lists that hold them.
import type { components } from '../generated/openapi.ts';
import type { Table } from '../core/store/table.ts';
import type { OrgLists, StoreSchema } from '../core/store/store.ts';

type S = components['schemas'];

declare module '../core/store/model.ts' {
  interface Org {
    voxifiOrgId: string;
    /** The Voxifi API rate limit of this organisation's keys. */
    rateLimit: { requests: number; perSeconds: number };
    /** Voxifi posted balance, USD. */
    balance: number;
  }
}

export type VxAgent = S['VxAgent'] & { orgId: number };
export type VxPhoneNumber = S['VxPhoneNumber'] & { orgId: number };
export type VxCall = S['VxCall'] & { orgId: number; seq: number };
export type VxTransaction = S['VxTransaction'] & { orgId: number; seq: number };
export type VxWebhook = S['VxWebhook'] & { orgId: number; secret: string };
export type VxDelivery = S['VxDelivery'] & { orgId: number; seq: number; body: string };
// Stored campaigns always hold their contacts; only the list may leave them out.
export type VxCampaign = S['VxCampaign'] & { orgId: number; contacts: NonNullable<S['VxCampaign']['contacts']> };

declare module '../core/store/store.ts' {
  interface StoreTables {
    vxAgents: Table<VxAgent>;
    vxNumbers: Table<VxPhoneNumber>;
    vxCalls: Table<VxCall>;
    vxTransactions: Table<VxTransaction>;
    vxWebhooks: Table<VxWebhook>;
    vxDeliveries: Table<VxDelivery>;
    vxCampaigns: Table<VxCampaign>;
  }
  interface StoreLists {
    vxCalls: OrgLists<VxCall>;
    vxTransactions: OrgLists<VxTransaction>;
    vxDeliveries: OrgLists<VxDelivery>;
  }
}

export const voxifiTables: StoreSchema = {
  tables: {
    vxAgents: (a: VxAgent) => a.id,
    vxNumbers: (n: VxPhoneNumber) => n.id,
    vxCalls: (c: VxCall) => c.id,
    vxTransactions: (t: VxTransaction) => t.id,
    vxWebhooks: (w: VxWebhook) => w.id,
    vxDeliveries: (d: VxDelivery) => d.id,
    vxCampaigns: (c: VxCampaign) => c.id,
  },
  lists: ['vxCalls', 'vxTransactions', 'vxDeliveries'],
};
