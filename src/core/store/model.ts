// The records every provider shares: organisations, their members, keys and sessions. Each
// provider keeps its own records in its own model (src/<provider>/model.ts) and adds fields
// of its own to an organisation by declaration merging.

export type Role = 'Owner' | 'Admin' | 'Member';

export interface Org {
  id: number;
  name: string;
  createdAt: number;
}

export interface ApiKey {
  key: string;
  orgId: number;
  /** The provider whose API takes this key (a provider's `name`). */
  provider: string;
  role: Role | null;
  userId: number;
  revoked: boolean;
}

export interface Session {
  token: string;
  userId: number;
  orgId: number | null;
  expired: boolean;
}

export interface User {
  id: number;
  orgId: number;
  role: Role;
  name: string;
}
