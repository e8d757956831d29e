// The load tester as a part of a mock: the runs it keeps and its metrics (routes: the control API's).
import type { MockPart } from '../core/part.ts';
import { createLoadRuns } from './kept-runs.ts';

export const loadPart: MockPart = {
  name: 'load',
  engines: (ctx) => ({ loadRuns: createLoadRuns(ctx), metrics: { hub: null } }),
};
