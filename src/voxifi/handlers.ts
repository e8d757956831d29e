// Every Voxifi operation of openapi.yaml as an msw handler, plus the provider's 404 for the rest.
import type { HttpHandler } from 'msw';
import type { MockContext } from '../core/context.ts';
import { json, unmatchedRoute } from '../core/operation.ts';

export function voxifiHandlers(ctx: MockContext): HttpHandler[] {
  return [unmatchedRoute(ctx, '*/voxifi/*', () => json(404, { error: { code: 'not_found', message: 'Not Found' } }))];
}
