// SFVoPI's records, field names as in its JSON, and the store tables that hold them.
import type { components } from '../generated/openapi.ts';
import type { components as ControlComponents } from '../generated/control-api.ts';
import type { Table } from '../core/store/table.ts';
import type { StoreSchema } from '../core/store/store.ts';

type S = components['schemas'];

export type App = S['App'];
export type AppNumber = S['AppNumber'];

/** A number an organisation owns, to link to its apps. */
export interface OwnedNumber {
  id: number;
  orgId: number;
  voipNumber: string;
  provider: string;
  status: string;
}

/**
 * A simulated SFVoPI call. The provider has no call resource; this record is exactly what the
 * control API shows of a call (its SfvCall schema), so it is typed from that document.
 */
export type SfvCall = ControlComponents['schemas']['SfvCall'];
export type SfvCallEvent = ControlComponents['schemas']['SfvCallEvent'];

declare module '../core/store/store.ts' {
  interface StoreTables {
    apps: Table<App>;
    numbers: Table<OwnedNumber>;
    links: Table<AppNumber>;
    sfvCalls: Table<SfvCall>;
  }
}

export const sfvopiTables: StoreSchema = {
  tables: {
    apps: (a: App) => a.app_id,
    numbers: (n: OwnedNumber) => n.voipNumber,
    links: (l: AppNumber) => l.voip_number,
    sfvCalls: (c: SfvCall) => c.call_uuid,
  },
};
