// Every Voxifi operation of openapi.yaml as an msw handler, plus the provider's 404 for the rest.
import type { HttpHandler } from 'msw';
import type { MockContext } from '../core/context.ts';
import { defineOperation, unmatchedRoute, type Resolver } from '../core/operation.ts';
import { operationsOf } from '../core/contract/operations.ts';
import { openapiDocument } from '../generated/openapi-document.ts';
import { createAgent, deleteAgent, getAgent, listAgents, updateAgent } from './agents.ts';
import { getBalance, listTransactions, topUp } from './balance.ts';
import { cancelCall, createCall, getCall, listCalls } from './calls.ts';
import { CAMPAIGN_MAX_BODY_BYTES, createCampaign, getCampaign, listCampaigns } from './campaigns.ts';
import { listDeadLetters, listDeliveries, replayDelivery } from './deliveries.ts';
import { assignNumber, listNumbers, purchaseNumber, releaseNumber } from './numbers.ts';
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, updateWebhook } from './webhooks.ts';
import { notFoundRoute, voxifi, type VxAuth } from './provider.ts';
// Plugs the webhook delivery engine into the call events and dead-letter replays.
import './delivery.ts';

export const voxifiResolvers: Record<string, Resolver<VxAuth>> = {
  vxCreateCall: createCall,
  vxListCalls: listCalls,
  vxGetCall: getCall,
  vxCancelCall: cancelCall,
  vxListAgents: listAgents,
  vxCreateAgent: createAgent,
  vxGetAgent: getAgent,
  vxUpdateAgent: updateAgent,
  vxDeleteAgent: deleteAgent,
  vxListPhoneNumbers: listNumbers,
  vxPurchasePhoneNumber: purchaseNumber,
  vxReleasePhoneNumber: releaseNumber,
  vxAssignPhoneNumber: assignNumber,
  vxGetBalance: getBalance,
  vxTopUp: topUp,
  vxListTransactions: listTransactions,
  vxListWebhooks: listWebhooks,
  vxCreateWebhook: createWebhook,
  vxGetWebhook: getWebhook,
  vxUpdateWebhook: updateWebhook,
  vxDeleteWebhook: deleteWebhook,
  vxListDeliveries: listDeliveries,
  vxListDeadLetters: listDeadLetters,
  vxReplayDeadLetter: replayDelivery,
  vxListCampaigns: listCampaigns,
  vxCreateCampaign: createCampaign,
  vxGetCampaign: getCampaign,
};

/** Operations whose body may exceed the default limit. */
const BODY_LIMITS: Record<string, number> = { vxCreateCampaign: CAMPAIGN_MAX_BODY_BYTES };

/** `scenario` binds a scenario to every operation (mock.use); such sets have no catch-all. */
export function voxifiHandlers(ctx: MockContext, options: { scenario?: string } = {}): HttpHandler[] {
  const operations = operationsOf(openapiDocument);
  const handlers = Object.entries(voxifiResolvers).map(([operationId, resolve]) => {
    const info = operations.get(operationId);
    if (!info) throw new Error(`openapi.yaml has no operation ${operationId}`);
    return defineOperation(ctx, voxifi, info, resolve, { maxBodyBytes: BODY_LIMITS[operationId], scenario: options.scenario });
  });
  return options.scenario ? handlers : [...handlers, unmatchedRoute(ctx, '*/voxifi/*', notFoundRoute)];
}
