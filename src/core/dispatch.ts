// The one way in: a Request is matched against the one route table and run through the
// operation wrapper. Every transport (mock.fetch, the msw handlers, the node:http adapter, the
// loopback for built-in receivers) calls this, so they cannot disagree on what answers.
import { createRouter } from './router.ts';
import type { Answer, Route, RouteSet, RunOptions } from './operation.ts';

export interface DispatchOptions extends RunOptions {
  /** Only operations answer; a provider's catch-all 404 does not (for mock.use, whose requests fall through). */
  operationsOnly?: boolean;
}

/** null: nothing of voicemock's matches the path, the transport decides (pass through, 404). */
export type Dispatch = (request: Request, options?: DispatchOptions) => Promise<Answer | null>;

export function pathnameOf(url: string): string {
  // Faster than new URL() for the path alone; the wrapper parses the URL once it runs.
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return '/';
  const end = url.slice(start).search(/[?#]/);
  return end === -1 ? url.slice(start) : url.slice(start, start + end);
}

export function createDispatch(sets: readonly RouteSet[]): Dispatch {
  const operations: Route[] = sets.flatMap((s) => s.operations);
  const prefixes = sets.flatMap((s) => s.prefixes);
  const router = createRouter(operations, prefixes);
  const operationsRouter = createRouter(operations, []);
  return async (request, options = {}) => {
    const match = (options.operationsOnly ? operationsRouter : router)(request.method, pathnameOf(request.url));
    if (!match) return null;
    return match.route.run(request, match.params, options);
  };
}
