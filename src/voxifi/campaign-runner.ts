// Campaigns that run (inferred: the docs describe bulk campaigns, not how they are paced). A
// running campaign keeps at most `concurrency` calls in progress: each contact not yet called
// becomes a call from the agent's number, its row's other columns as the call's variables. A
// dialer tick each second of the mock's clock counts the calls' states into `progress`,
// places calls into free slots, and completes the campaign when every call has ended; a call
// of a running campaign that ends frees its slot at once. The calls' events become the usual
// signed webhook deliveries, so a campaign is a burst of them.
import type { MockContext } from '../core/context.ts';
import type { VxCall, VxCampaign } from '../voxifi/model.ts';
import { isoSeconds } from '../webhooks/envelope.ts';
import { orgOf } from './ledger.ts';
import { pendingCostOf, stopCall } from './lifecycle.ts';
import { MIN_CALL_BALANCE } from './pricing.ts';
import { placeCall } from './calls.ts';
import { createTimers, type Timers } from '../core/timers.ts';

export const DEFAULT_CAMPAIGN_CONCURRENCY = 10;
const TICK_MS = 1000;

type Progress = VxCampaign['progress'];

interface Dialer {
  /** Call id per contact placed so far, in contact order; null when it could not be placed. */
  calls: Array<string | null>;
  timer: number | null;
  /** A slot filling is under way (placing a call awaits the store). */
  placing: boolean;
}

export interface CampaignRuntime {
  dialers: Map<string, Dialer>;
  /** The dialers' ticks, cleared on reset. */
  timers: Timers;
  /** Estimated bytes of every stored campaign's contacts (bounded by maxCampaignBytes). */
  contactBytes: number;
}

declare module '../core/context.ts' {
  interface Engines {
    voxifiCampaigns: CampaignRuntime;
  }
}

export function createCampaignRuntime(ctx: MockContext): CampaignRuntime {
  const created: CampaignRuntime = { dialers: new Map(), timers: createTimers(ctx.clock), contactBytes: 0 };
  ctx.onReset.add(() => {
    created.timers.clear();
    created.dialers.clear();
    created.contactBytes = 0;
  });
  ctx.bus.on('voxifi.event', ({ type, data }) => {
    if (type !== 'call.completed' && type !== 'call.failed') return;
    const campaignId = ctx.store.vxCalls.get(String(data.call_id))?.campaign_id;
    const campaign = campaignId ? ctx.store.vxCampaigns.get(campaignId) : undefined;
    const dialer = campaign && created.dialers.get(campaign.id);
    if (campaign && dialer && campaign.status === 'running') void fill(ctx, campaign, dialer);
  });
  return created;
}

const runtimeOf = (ctx: MockContext): CampaignRuntime => ctx.engines.voxifiCampaigns;

export function newProgress(total: number): Progress {
  return { total, pending: total, active: 0, completed: 0, failed: 0, canceled: 0 };
}

const TERMINAL: Record<string, keyof Progress> = { completed: 'completed', busy: 'failed', 'no-answer': 'failed', failed: 'failed', canceled: 'canceled' };

function dialerOf(ctx: MockContext, campaign: VxCampaign): Dialer {
  const { dialers } = runtimeOf(ctx);
  let dialer = dialers.get(campaign.id);
  if (!dialer) dialers.set(campaign.id, (dialer = { calls: [], timer: null, placing: false }));
  return dialer;
}

function count(ctx: MockContext, campaign: VxCampaign, dialer: Dialer): Progress {
  const progress = newProgress(campaign.contacts.length);
  progress.pending = campaign.contacts.length - dialer.calls.length;
  for (const id of dialer.calls) {
    const call = id === null ? undefined : ctx.store.vxCalls.get(id);
    if (!call) progress.failed++;
    else progress[TERMINAL[call.status] ?? 'active']++;
  }
  return progress;
}

async function fill(ctx: MockContext, campaign: VxCampaign, dialer: Dialer): Promise<void> {
  if (dialer.placing) return;
  dialer.placing = true;
  try {
    let progress = count(ctx, campaign, dialer);
    while (campaign.status === 'running' && progress.pending > 0 && progress.active < campaign.concurrency) {
      const contact = campaign.contacts[dialer.calls.length]!;
      const agent = ctx.store.vxAgents.get(campaign.assistant_id);
      const org = orgOf(ctx, campaign.orgId);
      // Like POST /calls: no agent number, no balance or the org's call records at
      // maxRecordsPerOrg, no call (the contact counts as failed).
      const full = ctx.store.lists.vxCalls.of(campaign.orgId).length >= ctx.config.maxRecordsPerOrg;
      if (full || !agent || agent.phone_number === null || org.balance - pendingCostOf(ctx, campaign.orgId) < MIN_CALL_BALANCE) {
        dialer.calls.push(null);
      } else {
        const slot = dialer.calls.push(null) - 1;
        const call = await placeCall(ctx, { orgId: campaign.orgId, assistantId: agent.id, from: agent.phone_number, to: contact.phone_number, variables: contact.variables, campaignId: campaign.id });
        dialer.calls[slot] = call.id;
      }
      progress = count(ctx, campaign, dialer);
    }
    settle(ctx, campaign, dialer, progress);
  } finally {
    dialer.placing = false;
  }
}

function settle(ctx: MockContext, campaign: VxCampaign, dialer: Dialer, progress: Progress): void {
  const status = campaign.status === 'running' && progress.pending === 0 && progress.active === 0 ? 'completed' : campaign.status;
  ctx.store.vxCampaigns.patch(campaign, { progress, status });
  // Ticks go on while calls are live, so progress stays current after a pause or cancel too.
  if ((status === 'running' || progress.active > 0) && dialer.timer === null) {
    dialer.timer = runtimeOf(ctx).timers.setTimeout(() => {
      dialer.timer = null;
      void tick(ctx, campaign.id);
    }, TICK_MS);
  }
}

async function tick(ctx: MockContext, campaignId: string): Promise<void> {
  const campaign = ctx.store.vxCampaigns.get(campaignId);
  if (!campaign) return;
  const dialer = dialerOf(ctx, campaign);
  if (campaign.status === 'running') await fill(ctx, campaign, dialer);
  else settle(ctx, campaign, dialer, count(ctx, campaign, dialer));
}

/** What a status change is allowed from; the answer names the current status otherwise. */
export type CampaignAction = 'start' | 'pause' | 'cancel';
const ALLOWED: Record<CampaignAction, ReadonlyArray<VxCampaign['status']>> = {
  start: ['draft', 'paused', 'running'],
  pause: ['running', 'paused'],
  cancel: ['draft', 'running', 'paused'],
};

export function mayChange(campaign: VxCampaign, action: CampaignAction): boolean {
  return ALLOWED[action].includes(campaign.status);
}

export async function startCampaign(ctx: MockContext, campaign: VxCampaign): Promise<VxCampaign> {
  ctx.store.vxCampaigns.patch(campaign, { status: 'running' });
  await fill(ctx, campaign, dialerOf(ctx, campaign));
  return campaign;
}

export function pauseCampaign(ctx: MockContext, campaign: VxCampaign): VxCampaign {
  ctx.store.vxCampaigns.patch(campaign, { status: 'paused' });
  const dialer = dialerOf(ctx, campaign);
  settle(ctx, campaign, dialer, count(ctx, campaign, dialer));
  return campaign;
}

/** Calls that have not connected are canceled; calls in progress finish. */
export function cancelCampaign(ctx: MockContext, campaign: VxCampaign): VxCampaign {
  ctx.store.vxCampaigns.patch(campaign, { status: 'canceled' });
  const dialer = dialerOf(ctx, campaign);
  for (const id of dialer.calls) {
    const call: VxCall | undefined = id === null ? undefined : ctx.store.vxCalls.get(id);
    if (call && (call.status === 'queued' || call.status === 'ringing')) {
      stopCall(ctx, call);
      ctx.store.vxCalls.patch(call, { status: 'canceled', end_time: isoSeconds(ctx.clock.now()) });
    }
  }
  settle(ctx, campaign, dialer, count(ctx, campaign, dialer));
  return campaign;
}
