// Every SFVoPI operation of openapi.yaml as a route, plus the provider's 404 for the rest.
import type { MockContext } from '../core/context.ts';
import { defineOperation, unmatchedRoute, type Resolver, type RouteSet } from '../core/operation.ts';
import { operationsOf } from '../core/contract/operations.ts';
import { openapiDocument } from '../generated/openapi-document.ts';
import { createApp, deleteApp, getApp, listApps, updateApp } from './apps.ts';
import { getAppByNumber, linkNumber, listAppNumbers, listAvailableNumbers, unlinkNumber } from './numbers.ts';
import { initiateCall } from './calls.ts';
import { notFoundRoute, sfvopi, type SfvAuth } from './provider.ts';

export const sfvopiResolvers: Record<string, Resolver<SfvAuth>> = {
  createApp, listApps, getApp, updateApp, deleteApp,
  linkNumber, listAppNumbers, unlinkNumber, listAvailableNumbers, getAppByNumber,
  initiateCall,
};

/** Every operation as a route, and the provider's 404 under its prefix. */
export function sfvopiRoutes(ctx: MockContext): RouteSet {
  const table = operationsOf(openapiDocument);
  const operations = Object.entries(sfvopiResolvers).map(([operationId, resolve]) => {
    const info = table.get(operationId);
    if (!info) throw new Error(`openapi.yaml has no operation ${operationId}`);
    return defineOperation(ctx, sfvopi, info, resolve);
  });
  return { operations, prefixes: [unmatchedRoute(ctx, '/superfone/', notFoundRoute)] };
}
