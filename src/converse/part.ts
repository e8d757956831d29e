// Conversation tests as a part of a mock: the runs it keeps (routes: the control API's).
import type { MockPart } from '../core/part.ts';
import { createConverseRuns } from './kept-runs.ts';

export const conversePart: MockPart = {
  name: 'converse',
  engines: (ctx) => ({ converseRuns: createConverseRuns(ctx) }),
};
