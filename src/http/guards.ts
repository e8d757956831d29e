// What the node:http adapter does so no connection can hold it: timeouts for headers, whole
// requests and idle keep-alive sockets, a connection cap, a budget for bytes of bodies still
// arriving, and Node's own parser rejections answered in the envelope of the provider the
// path names (the request line usually survives even when the headers do not).
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { VERSION } from '../core/version.ts';

export interface ConnectionLimits {
  /** Time to receive a request's headers (default 10,000 ms); 408 past it. */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included (default 30,000 ms); 408 past it. */
  requestTimeoutMs: number;
  /** A kept-alive connection with no request is closed after this long (default 5,000 ms). */
  idleTimeoutMs: number;
  /** Open connections at once; more are refused at accept (default 1,000). */
  maxConnections: number;
  /** Bytes of request bodies still arriving, summed over all requests (default 64 MiB); past it a body is refused with 413. */
  maxUploadBytes: number;
}

export const DEFAULT_CONNECTION_LIMITS: Readonly<ConnectionLimits> = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 5_000,
  maxConnections: 1000,
  maxUploadBytes: 64 * 1024 * 1024,
});

/** Bytes held by unfinished uploads, shared by every request of one server. */
export interface UploadBudget {
  held: number;
  max: number;
}

type Which = 'sfvopi' | 'voxifi' | 'control';

export function providerOfPath(path: string): Which {
  if (path.startsWith('/superfone/')) return 'sfvopi';
  if (path.startsWith('/voxifi/')) return 'voxifi';
  return 'control';
}

const REASONS: Record<number, { text: string; code: string; message: string }> = {
  400: { text: 'Bad Request', code: 'bad_request', message: 'Bad Request' },
  405: { text: 'Method Not Allowed', code: 'method_not_allowed', message: 'Method Not Allowed' },
  408: { text: 'Request Timeout', code: 'request_timeout', message: 'Request Timeout' },
  413: { text: 'Payload Too Large', code: 'too_large', message: 'Request body too large' },
  431: { text: 'Request Header Fields Too Large', code: 'headers_too_large', message: 'Request Header Fields Too Large' },
};

/** The body a provider would answer this status with: SFVoPI `{message}`, Voxifi and control `{error:{code,message}}`. */
export function envelopeFor(which: Which, status: number): string {
  const reason = REASONS[status] ?? REASONS[400]!;
  if (which === 'sfvopi') return JSON.stringify({ message: reason.message });
  return JSON.stringify({ error: { code: reason.code, message: reason.message } });
}

/**
 * The path of the request Node refused, from the bytes it had read: the request line after the
 * last blank line before the point it stopped parsing (`bytesParsed`), so a request pipelined
 * before it does not lend it its path.
 */
function pathOf(raw: unknown, bytesParsed?: number): string {
  if (!Buffer.isBuffer(raw)) return '';
  const end = Math.min(raw.length, typeof bytesParsed === 'number' && bytesParsed > 0 ? bytesParsed : 0);
  const from = end > 0 ? raw.subarray(0, end).lastIndexOf('\r\n\r\n') : -1;
  const start = from < 0 ? 0 : from + 4;
  const line = raw.subarray(start, Math.min(raw.length, start + 8192)).toString('latin1').split('\r\n', 1)[0] ?? '';
  const target = line.split(' ')[1] ?? '';
  if (target.startsWith('/')) return target;
  try {
    return new URL(target).pathname;
  } catch {
    return '';
  }
}

function statusOf(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'ERR_HTTP_HEADERS_TIMEOUT') return 408;
  return 400;
}

/** Methods Fetch cannot carry (a Request refuses them): answered here, in the envelope of the path's provider. */
export const UNCARRIED_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** The same answer as a Response, for the adapter's request handler. */
export function envelopeResponse(path: string, status: number): Response {
  return new Response(envelopeFor(providerOfPath(path), status), {
    status,
    statusText: REASONS[status]?.text,
    headers: { 'content-type': 'application/json', 'voicemock-version': VERSION },
  });
}

/** An answer written straight to the socket, which then closes (the parser can go no further). */
function replyAndClose(socket: Duplex, path: string, status: number): void {
  const body = envelopeFor(providerOfPath(path), status);
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]!.text}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `voicemock-version: ${VERSION}\r\nconnection: close\r\n\r\n${body}`,
  );
}

type PendingResponse = { headersSent?: boolean; writableFinished?: boolean; once(event: string, fn: () => void): unknown };

/** Applies the limits and answers Node's rejections in the provider's envelope. */
export function guardServer(server: Server, limits: ConnectionLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.idleTimeoutMs;
  server.maxConnections = limits.maxConnections;
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: unknown; bytesParsed?: number }, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const status = statusOf(error.code);
    const path = pathOf(error.rawPacket, error.bytesParsed);
    // A request pipelined before the bad one is still being answered: its answer goes first.
    const pending = (socket as { _httpMessage?: PendingResponse })._httpMessage;
    if (pending && !pending.writableFinished) {
      if (status === 408 && pending.headersSent) return void socket.destroy(); // timed out mid-answer
      pending.once('finish', () => (socket.writable ? replyAndClose(socket, path, status) : socket.destroy()));
      pending.once('close', () => {
        if (!pending.writableFinished) socket.destroy();
      });
      return;
    }
    replyAndClose(socket, path, status);
  });
  // CONNECT (a proxy tunnel) is no route of ours; without a listener Node would just close.
  server.on('connect', (_req, socket: Duplex) => {
    socket.on('error', () => {});
    replyAndClose(socket, '', 405);
  });
}
