// node:http request → Fetch Request. The body is buffered up to a cap: requests are small
// JSON, and a single buffer is cheaper than a stream for undici to wrap.
import type { IncomingMessage } from 'node:http';

export type BodyRead =
  | { kind: 'none' }
  | { kind: 'bytes'; bytes: Buffer }
  /** More than the cap was sent (or announced): the body is not passed on, only its size. */
  | { kind: 'too-large'; size: number }
  /** The client went away before the body ended: there is nobody to answer. */
  | { kind: 'aborted' };

const NONE: BodyRead = { kind: 'none' };

export interface Target {
  url: string;
  pathname: string;
}

/** The request URL on our origin, or null when the request line's target is unusable. */
export function targetOf(rawUrl: string | undefined, origin: string): Target | null {
  if (rawUrl === undefined || rawUrl === '') return null;
  let path = rawUrl;
  if (!rawUrl.startsWith('/')) {
    // Absolute form (`GET http://host/path`), as proxies send: keep only path and query.
    try {
      const parsed = new URL(rawUrl);
      path = parsed.pathname + parsed.search;
    } catch {
      return null;
    }
  }
  // Concatenated, not resolved: `new URL('//evil/x', origin)` would change the host.
  const end = path.search(/[?#]/);
  return { url: origin + path, pathname: end === -1 ? path : path.slice(0, end) };
}

function mayHaveBody(req: IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false; // fetch forbids a body on these
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** `budget`: bytes of all unfinished uploads together (guards.ts); a body that would pass it is refused as too large. */
export function readBody(req: IncomingMessage, cap: number, budget?: { held: number; max: number }): Promise<BodyRead> {
  if (!mayHaveBody(req)) return Promise.resolve(NONE);
  const declared = Number(req.headers['content-length'] ?? NaN);
  // Refuse before reading a byte: the operation answers 413 from the announced size.
  if (declared > cap) return Promise.resolve({ kind: 'too-large', size: declared });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyRead) => {
      if (settled) return;
      settled = true;
      if (budget) budget.held -= size;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (budget) budget.held += chunk.length;
      if (size > cap || (budget !== undefined && budget.held > budget.max)) {
        req.pause(); // stop pulling bytes we will not use
        // Past the shared budget the body counts as over every operation's limit: the answer is its 413.
        settle({ kind: 'too-large', size: Math.max(size, cap + 1) });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => settle(chunks.length === 0 ? NONE : { kind: 'bytes', bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
    const onClose = () => settle({ kind: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    // An aborted upload also emits 'error' (ECONNRESET); 'close' settles it.
    req.on('error', () => {});
  });
}

/**
 * Without `withBody` the Request carries no body stream: the mock's dispatch is handed the
 * text alongside (building and reading a Fetch body stream costs ~50 µs a POST).
 */
export function toFetchRequest(req: IncomingMessage, url: string, body: BodyRead, withBody: boolean): Request {
  // Pairs, not a Headers object: Request copies whatever it is given, so build only once.
  const raw = req.rawHeaders;
  const headers: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    // The body stays behind when too large; its size tells the operation wrapper to answer its own 413.
    if (body.kind === 'too-large' && /^(content-length|transfer-encoding)$/i.test(name)) continue;
    headers.push([name, raw[i + 1]!]);
  }
  if (body.kind === 'too-large') headers.push(['content-length', String(body.size)]);
  return new Request(url, {
    method: req.method,
    headers,
    body: withBody && body.kind === 'bytes' ? (body.bytes as Uint8Array<ArrayBuffer>) : undefined,
  });
}
