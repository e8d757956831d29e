// voicemock over real HTTP: a node:http server in front of the mock's dispatch. With a handler
// list of the user's, it keeps msw's order: a user handler before voicemock's answers first,
// and one after it answers what voicemock has no route for. voicemock's own routes skip msw
// entirely (no per-request clone and match) when no user handler before them could match.
// No logging here: the request journal already records every request.
import '../supported-node.ts'; // first: one clear line on an unsupported Node
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, matchRequestUrl, type RequestHandler } from 'msw';
import type { MockContext } from '../core/context.ts';
import { contextOf, type CONTEXT } from '../internal.ts';
import type { Dispatch, DispatchOptions } from '../core/dispatch.ts';
import type { Answer } from '../core/operation.ts';
import { readBody, targetOf, toFetchRequest, type BodyRead } from './incoming.ts';
import { writeResponse } from './outgoing.ts';
import { badRequest, internalError, noSuchRoute } from '../core/transport-errors.ts';
import { closeGracefully } from './shutdown.ts';
import { DEFAULT_CONNECTION_LIMITS, envelopeResponse, guardServer, providerOfPath, UNCARRIED_METHODS, type ConnectionLimits } from './guards.ts';

/** Voxifi campaigns accept ~11 MB; every smaller limit is the operation's own 413. */
export { nodeCapabilities, nodeFiles } from './node-capabilities.ts';

export const TRANSPORT_BODY_CAP = 12 * 1024 * 1024;

export interface ServedMock {
  dispatch: Dispatch;
  handlers: readonly RequestHandler[];
  /** The dispatch options of one of the mock's own handlers; undefined for anyone else's. */
  handlerOptions(handler: RequestHandler): DispatchOptions | undefined;
  readonly [CONTEXT]: Pick<MockContext, 'config'>;
}

export interface StartServerOptions {
  mock: ServedMock;
  /** msw handlers to answer with, in order, the mock's own among them (default: mock.handlers). */
  handlers?: readonly RequestHandler[];
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Bytes read from a request body at most (default: 12 MiB or the mock's limit, whichever is larger). */
  bodyCap?: number;
  /** How long close() waits for in-flight requests before cutting them (default 2000 ms). */
  graceMs?: number;
  /** Timeouts, connection cap and upload budget (see DEFAULT_CONNECTION_LIMITS in guards.ts). */
  connections?: Partial<ConnectionLimits>;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  server: Server;
  /** Bytes of request bodies still arriving (bounded by connections.maxUploadBytes). */
  uploadBytesHeld(): number;
  close(): Promise<void>;
}

/** The handler list as runs: the mock's own handlers, and the user's in between. */
type Step = { own: DispatchOptions } | { user: RequestHandler[] };

function stepsOf(mock: ServedMock, handlers: readonly RequestHandler[]): Step[] {
  const steps: Step[] = [];
  for (const handler of handlers) {
    const own = mock.handlerOptions(handler);
    const last = steps.at(-1);
    if (own) steps.push({ own });
    else if (last && 'user' in last) last.user.push(handler);
    else steps.push({ user: [handler] });
  }
  return steps;
}

/** A cheap test of whether any of these handlers could answer, before paying for msw. */
function couldMatch(handlers: readonly RequestHandler[], method: string, url: URL): boolean {
  return handlers.some((h) => {
    const info = h.info as { method?: unknown; path?: unknown };
    const m = info.method;
    if (typeof m === 'string' && m.toUpperCase() !== method) return false;
    if (m instanceof RegExp && !m.test(method)) return false;
    const path = info.path;
    if (typeof path !== 'string' && !(path instanceof RegExp)) return true; // a predicate: ask msw
    return matchRequestUrl(url, path).matches;
  });
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { mock, host = '127.0.0.1', port = 4010, graceMs = 2000 } = options;
  const cap = options.bodyCap ?? Math.max(TRANSPORT_BODY_CAP, contextOf(mock).config.maxBodyBytes);
  const steps = stepsOf(mock, options.handlers ?? mock.handlers);
  const limits: ConnectionLimits = { ...DEFAULT_CONNECTION_LIMITS, ...options.connections };
  const uploads = { held: 0, max: limits.maxUploadBytes };
  let origin = '';
  let closing = false;

  async function answer(req: IncomingMessage, url: string, body: BodyRead): Promise<Answer | Response> {
    const method = req.method ?? 'GET';
    const text = body.kind === 'bytes' ? body.bytes.toString('utf8') : undefined;
    let bare: Request | undefined; // for the mock: no body stream, the text goes alongside
    let parsedUrl: URL | undefined;
    for (const step of steps) {
      if ('own' in step) {
        bare ??= toFetchRequest(req, url, body, false);
        const answered = await mock.dispatch(bare, { ...step.own, body: text });
        if (answered) return answered;
      } else if (couldMatch(step.user, method, (parsedUrl ??= new URL(url)))) {
        const response = await getResponse(step.user, toFetchRequest(req, url, body, true), { quiet: true });
        if (response) return response;
      }
    }
    return noSuchRoute();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = targetOf(req.url, origin);
    if (target === null) return writeResponse(res, badRequest('Malformed request target'), req.method);
    if (UNCARRIED_METHODS.has(req.method ?? '')) {
      req.resume();
      return writeResponse(res, envelopeResponse(target.pathname, 405), req.method);
    }
    const body = await readBody(req, cap, uploads);
    if (body.kind === 'aborted') return;
    // The unread rest of an oversized body cannot be skipped on a kept-alive connection.
    if (body.kind === 'too-large' || closing) res.shouldKeepAlive = false;
    let result: Answer | Response;
    try {
      result = await answer(req, target.url, body);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      // e.g. a header Fetch refuses: in the envelope of the path's provider.
      const refused = providerOfPath(target.pathname) === 'control' ? badRequest(error.message || 'Malformed request') : envelopeResponse(target.pathname, 400);
      return writeResponse(res, refused, req.method);
    }
    if (closing) res.shouldKeepAlive = false;
    if (result instanceof Response) return writeResponse(res, result.type === 'error' ? internalError('handler returned a network error') : result, req.method);
    const { response, fault } = result;
    // Scenario network faults: a reset connection, or a body cut off halfway.
    if (fault === 'reset') return void req.socket.destroy();
    if (fault === 'truncated') {
      const partial = await response.text();
      res.writeHead(response.status, { ...Object.fromEntries(response.headers), 'content-length': String(Buffer.byteLength(partial) * 2) });
      res.write(partial);
      return void setImmediate(() => req.socket.destroy());
    }
    await writeResponse(res, response, req.method);
  }

  // A 1 s sweep (Node's default is 30 s) so the header and request timeouts bite when they say.
  const server = createServer({ keepAlive: true, connectionsCheckingInterval: 1000 }, (req, res) => {
    res.on('error', () => {}); // a client that vanished mid-response is not our failure
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return void res.destroy();
      const message = error instanceof Error ? error.message : String(error);
      writeResponse(res, internalError(message), req.method).catch(() => res.destroy());
    });
  });

  guardServer(server, limits);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  origin = `http://${hostForUrl(host)}:${address.port}`;
  return {
    url: origin,
    host,
    port: address.port,
    server,
    uploadBytesHeld: () => uploads.held,
    close() {
      closing = true;
      return closeGracefully(server, graceMs);
    },
  };
}
