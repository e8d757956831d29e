// Every SFVoPI operation of openapi.yaml as an msw handler, plus the provider's 404 for the rest.
import type { HttpHandler } from 'msw';
import type { MockContext } from '../core/context.ts';
import { defineOperation, unmatchedRoute, type Resolver } from '../core/operation.ts';
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

/** `scenario` binds a scenario to every operation (mock.use); such sets have no catch-all. */
export function sfvopiHandlers(ctx: MockContext, options: { scenario?: string } = {}): HttpHandler[] {
  const operations = operationsOf(openapiDocument);
  const handlers = Object.entries(sfvopiResolvers).map(([operationId, resolve]) => {
    const info = operations.get(operationId);
    if (!info) throw new Error(`openapi.yaml has no operation ${operationId}`);
    return defineOperation(ctx, sfvopi, info, resolve, { scenario: options.scenario });
  });
  return options.scenario ? handlers : [...handlers, unmatchedRoute(ctx, '*/superfone/*', notFoundRoute)];
}
