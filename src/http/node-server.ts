// voicemock over real HTTP: a node:http server that hands each request to msw's getResponse
// (msw 3 has no handleRequest, so @mswjs/http-middleware cannot be used). No logging here:
// the request journal already records every request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';
import type { MockContext } from '../core/context.ts';
import { createRouteTable } from './route-table.ts';
import { createFastRouter } from './fast-router.ts';
import { readBody, targetOf, toFetchRequest } from './incoming.ts';
import { writeResponse } from './outgoing.ts';
import { badRequest, internalError, noSuchRoute } from './errors.ts';
import { closeGracefully } from './shutdown.ts';

/** Voxifi campaigns accept ~11 MB; every smaller limit is the operation's own 413. */
export const TRANSPORT_BODY_CAP = 12 * 1024 * 1024;

export interface StartServerOptions {
  mock: { handlers: readonly RequestHandler[]; ctx: Pick<MockContext, 'config'> };
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Bytes read from a request body at most (default: 12 MiB or the mock's limit, whichever is larger). */
  bodyCap?: number;
  /** How long close() waits for in-flight requests before cutting them (default 2000 ms). */
  graceMs?: number;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { mock, host = '127.0.0.1', port = 4010, graceMs = 2000 } = options;
  const cap = options.bodyCap ?? Math.max(TRANSPORT_BODY_CAP, mock.ctx.config.maxBodyBytes);
  const routes = createRouteTable(mock.handlers);
  const fast = createFastRouter(mock.handlers);
  let origin = '';
  let closing = false;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = targetOf(req.url, origin);
    if (target === null) return writeResponse(res, badRequest('Malformed request target'), req.method);
    const body = await readBody(req, cap);
    if (body.kind === 'aborted') return;
    // The unread rest of an oversized body cannot be skipped on a kept-alive connection.
    if (body.kind === 'too-large' || closing) res.shouldKeepAlive = false;
    const direct = fast(req.method ?? 'GET', target.pathname);
    let request: Request;
    try {
      request = toFetchRequest(req, target.url, body, direct !== undefined);
    } catch (error) {
      return writeResponse(res, badRequest(error instanceof Error ? error.message : 'Malformed request'), req.method);
    }
    const response = direct
      ? await direct.route.run(request, direct.params)
      : (await getResponse(routes(target.pathname), request, { quiet: true })) ?? noSuchRoute();
    if (closing) res.shouldKeepAlive = false;
    // Scenario network faults: a reset connection, or a body cut off halfway.
    if (response.type === 'error') return void req.socket.destroy();
    if (response.headers.get('voicemock-fault') === 'truncated') {
      const partial = await response.text();
      res.writeHead(response.status, { 'content-type': 'application/json', 'content-length': String(partial.length * 2) });
      res.write(partial);
      return void setImmediate(() => req.socket.destroy());
    }
    await writeResponse(res, response, req.method);
  }

  const server = createServer({ keepAlive: true }, (req, res) => {
    res.on('error', () => {}); // a client that vanished mid-response is not our failure
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return void res.destroy();
      const message = error instanceof Error ? error.message : String(error);
      writeResponse(res, internalError(message), req.method).catch(() => res.destroy());
    });
  });

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
    close() {
      closing = true;
      return closeGracefully(server, graceMs);
    },
  };
}
