// The adapter's fast path: voicemock's own operations matched by method and path segments,
// then run through the very same operation wrapper the msw handlers call. Anything it does not
// match exactly (other handlers, wildcard prefixes) goes through msw's getResponse as before.
import type { RequestHandler } from 'msw';
import { directRoutes, type DirectRoute } from '../core/operation.ts';

interface Compiled {
  route: DirectRoute;
  /** Literal text, or null where a parameter stands. */
  segments: Array<string | null>;
  names: Array<string | null>;
}

export type FastRouter = (method: string, pathname: string) => { route: DirectRoute; params: Record<string, string> } | undefined;

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // as msw does: keep the raw text when it is not valid percent-encoding
  }
}

export function createFastRouter(handlers: readonly RequestHandler[]): FastRouter {
  const compiled: Compiled[] = [];
  for (const handler of handlers) {
    const route = directRoutes.get(handler as never);
    if (!route) continue;
    const parts = route.path === null ? [] : route.path.split('/').slice(1);
    compiled.push({
      route,
      segments: parts.map((p) => (p.startsWith('{') ? null : p)),
      names: parts.map((p) => (p.startsWith('{') ? p.slice(1, -1) : null)),
    });
  }
  return (method, pathname) => {
    const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
    const parts = path.split('/').slice(1);
    for (const c of compiled) {
      const { route } = c;
      if (route.prefix !== null) {
        if (path.startsWith(route.prefix) || `${path}/` === route.prefix) return { route, params: {} };
        continue;
      }
      if (route.method !== method || c.segments.length !== parts.length) continue;
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const literal = c.segments[i];
        if (literal === null ? parts[i] === '' : literal !== parts[i]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      const params: Record<string, string> = {};
      for (let i = 0; i < parts.length; i++) if (c.names[i] !== null) params[c.names[i]!] = decode(parts[i]!);
      return { route, params };
    }
    return undefined;
  };
}
