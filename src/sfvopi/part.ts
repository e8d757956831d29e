// SFVoPI as a part of a mock: its tables, its call engine and who observes it, its routes.
import type { MockPart } from '../core/part.ts';
import { sfvopiTables } from './model.ts';
import { createRuntime } from './engine/runtime.ts';
import { sfvopiRoutes } from './routes.ts';

export const sfvopiPart: MockPart = {
  name: 'sfvopi',
  store: sfvopiTables,
  engines: (ctx) => ({ sfvopi: createRuntime(ctx), sfvopiObservers: new Set() }),
  routes: (ctx) => sfvopiRoutes(ctx),
};
