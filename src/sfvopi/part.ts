// SFVoPI as a part of a mock: its tables, its call engine and who observes it, its routes.
import type { MockPart } from '../core/part.ts';
import { sfvopiTables } from './model.ts';
import { createRuntime } from './engine/runtime.ts';
import { sfvopiRoutes } from './routes.ts';
import { DEFAULT_SFVOPI_CONFIG } from './config.ts';

export const sfvopiPart: MockPart = {
  name: 'sfvopi',
  store: sfvopiTables,
  config: { streamDefaults: { ...DEFAULT_SFVOPI_CONFIG.streamDefaults } },
  engines: (ctx) => ({ sfvopi: createRuntime(ctx), sfvopiObservers: new Set() }),
  routes: (ctx) => sfvopiRoutes(ctx),
};
