// One route table for every transport, built once from the operations: method plus path
// segments, and provider prefixes that answer the provider's own 404. Paths match from the
// root, on any host, with percent-decoded parameters (as msw decodes them).
export interface RouteMatch<R> {
  route: R;
  params: Record<string, string>;
}

export interface RouteSpec {
  /** Upper case. */
  method: string;
  /** The spec path with `{param}` segments. */
  path: string;
}

export type Router<R> = (method: string, pathname: string) => RouteMatch<R> | undefined;

interface Compiled<R> {
  route: R;
  /** Literal text, or null where a parameter stands. */
  segments: Array<string | null>;
  names: Array<string | null>;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // not valid percent-encoding: keep the raw text
  }
}

/** Literal before parameter at the first position where two routes differ: the more specific first. */
function bySpecificity<R>(a: Compiled<R>, b: Compiled<R>): number {
  for (let i = 0; i < a.segments.length; i++) {
    const [literalA, literalB] = [a.segments[i] !== null, b.segments[i] !== null];
    if (literalA !== literalB) return literalA ? -1 : 1;
  }
  return 0;
}

/**
 * Operations are tried before prefixes. Operations are grouped by method and segment count,
 * so a request only meets the few routes of its own shape. Where routes overlap, the most
 * specific wins whatever the order they were given in: a literal segment beats a parameter
 * (left to right), and a longer prefix beats a shorter one.
 */
export function createRouter<R extends RouteSpec>(operations: readonly R[], prefixes: ReadonlyArray<{ prefix: string; route: R }>): Router<R> {
  const groups = new Map<string, Compiled<R>[]>();
  for (const route of operations) {
    const parts = route.path.split('/').slice(1);
    const key = `${route.method} ${parts.length}`;
    const group = groups.get(key) ?? [];
    group.push({
      route,
      segments: parts.map((p) => (p.startsWith('{') ? null : p)),
      names: parts.map((p) => (p.startsWith('{') ? p.slice(1, -1) : null)),
    });
    groups.set(key, group);
  }
  for (const group of groups.values()) group.sort(bySpecificity);
  const longestFirst = [...prefixes].sort((a, b) => b.prefix.length - a.prefix.length);
  return (method, pathname) => {
    const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
    const parts = path.split('/').slice(1);
    for (const c of groups.get(`${method} ${parts.length}`) ?? []) {
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
      return { route: c.route, params };
    }
    for (const p of longestFirst) if (path.startsWith(p.prefix) || `${path}/` === p.prefix) return { route: p.route, params: {} };
    return undefined;
  };
}
