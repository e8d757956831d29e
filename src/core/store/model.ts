// The records voicemock keeps. SFVoPI field names follow the provider's JSON; Voxifi ones too.
import type { components } from '../../generated/openapi.ts';
import type { components as ControlComponents } from '../../generated/control-api.ts';

type S = components['schemas'];

export type Role = 'Owner' | 'Admin' | 'Member';
export type Provider = 'sfvopi' | 'voxifi';

export interface Org {
  id: number;
  name: string;
  voxifiOrgId: string;
  createdAt: number;
  rateLimit: { requests: number; perSeconds: number };
  balance: number; // Voxifi posted balance, USD
}

export interface ApiKey {
  key: string;
  orgId: number;
  provider: Provider;
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

export type App = S['App'];
export type AppNumber = S['AppNumber'];

export interface OwnedNumber {
  id: number;
  orgId: number;
  voipNumber: string;
  provider: string;
  status: string;
}

export type VxAgent = S['VxAgent'] & { orgId: number };
export type VxPhoneNumber = S['VxPhoneNumber'] & { orgId: number };
export type VxCall = S['VxCall'] & { orgId: number; seq: number };
export type VxTransaction = S['VxTransaction'] & { orgId: number; seq: number };
export type VxWebhook = S['VxWebhook'] & { orgId: number; secret: string };
/** created_ms: when the event was raised (ms), for measuring delivery latency. */
export type VxDelivery = S['VxDelivery'] & { orgId: number; seq: number; body: string; created_ms?: number };
// Stored campaigns always hold their contacts; only the list may leave them out.
export type VxCampaign = S['VxCampaign'] & { orgId: number; contacts: NonNullable<S['VxCampaign']['contacts']> };

/** A simulated SFVoPI call (the provider has no call resource; the control API shows these). */
export type SfvCall = ControlComponents['schemas']['SfvCall'];
export type SfvCallEvent = ControlComponents['schemas']['SfvCallEvent'];
