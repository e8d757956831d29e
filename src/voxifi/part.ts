// Voxifi as a part of a mock: its tables, its rate limit, its engines (calls, webhook delivery,
// campaigns, rate windows) and its routes. Delivery subscribes before campaigns: a call's end
// is delivered before its campaign refills the slot.
import type { MockPart } from '../core/part.ts';
import { voxifiTables } from './model.ts';
import { createCallEngine } from './lifecycle.ts';
import { createDeliveryEngine } from './delivery-engine.ts';
import { createCampaignRuntime } from './campaign-runner.ts';
import { createRateWindows, DEFAULT_VOXIFI_RATE_LIMIT } from './rate-limit.ts';
import { voxifiRoutes } from './routes.ts';

export const voxifiPart: MockPart = {
  name: 'voxifi',
  store: voxifiTables,
  config: { voxifiRateLimit: { ...DEFAULT_VOXIFI_RATE_LIMIT } },
  engines: (ctx) => ({
    voxifiRateWindows: createRateWindows(ctx),
    voxifiCalls: createCallEngine(ctx),
    voxifiDelivery: createDeliveryEngine(ctx),
    voxifiCampaigns: createCampaignRuntime(ctx),
  }),
  routes: (ctx) => voxifiRoutes(ctx),
};
