// Every Voxifi operation of openapi.yaml as a route, plus the provider's 404 for the rest.
import type { MockContext } from '../core/context.ts';
import { defineOperation, unmatchedRoute, type Resolver, type RouteSet } from '../core/operation.ts';
import { operationsOf } from '../core/contract/operations.ts';
import { openapiDocument } from '../generated/openapi-document.ts';
import { createAgent, deleteAgent, getAgent, listAgents, updateAgent } from './agents.ts';
import { getBalance, listTransactions, topUp } from './balance.ts';
import { cancelCall, createCall, getCall, listCalls } from './calls.ts';
import { CAMPAIGN_MAX_BODY_BYTES, cancelCampaignOperation, createCampaign, getCampaign, listCampaigns, pauseCampaignOperation, startCampaignOperation } from './campaigns.ts';
import { listDeadLetters, listDeliveries, replayDelivery } from './delivery-log.ts';
import { assignNumber, listNumbers, purchaseNumber, releaseNumber } from './numbers.ts';
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, updateWebhook } from './webhooks.ts';
import { notFoundRoute, voxifi, type VxAuth } from './provider.ts';

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
  vxStartCampaign: startCampaignOperation,
  vxPauseCampaign: pauseCampaignOperation,
  vxCancelCampaign: cancelCampaignOperation,
};

/** Operations whose body may exceed the default limit. */
const BODY_LIMITS: Record<string, number> = { vxCreateCampaign: CAMPAIGN_MAX_BODY_BYTES };

/** Every operation as a route, and the provider's 404 under its prefix. */
export function voxifiRoutes(ctx: MockContext): RouteSet {
  const table = operationsOf(openapiDocument);
  const operations = Object.entries(voxifiResolvers).map(([operationId, resolve]) => {
    const info = table.get(operationId);
    if (!info) throw new Error(`openapi.yaml has no operation ${operationId}`);
    return defineOperation(ctx, voxifi, info, resolve, { maxBodyBytes: BODY_LIMITS[operationId] });
  });
  return { operations, prefixes: [unmatchedRoute(ctx, '/voxifi/', notFoundRoute)] };
}
