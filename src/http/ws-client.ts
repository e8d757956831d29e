// On Node, media streams go out through the `ws` package rather than the runtime's global
// WebSocket: it sends and parses frames with less work per message, which is what bounds how
// many streams one process sustains (bench/streams.ts measures both). It also bounds what a
// server can make the mock buffer: a message over maxPayload, finished or not, closes the
// stream with 1009 as soon as its header says so.
import { WebSocket } from 'ws';
import type { ConnectWebSocket } from '../core/socket.ts';
import { DEFAULT_OUTBOUND_ACCESS, type OutboundAccess } from '../webhooks/url-guard.ts';
import { guardedLookup, type Lookup } from './guarded-lookup.ts';

/**
 * `ws` cuts each frame it sends from Node's shared 8 KiB buffer pool, and a frame waiting in the
 * socket keeps its whole pool block alive: for a server that stopped reading, 1 MiB of waiting
 * 330-byte frames held about 80 MB (bench/stream-soak.ts). So once the socket has anything
 * waiting, later messages wait here as the strings they are, costing their length, and go to
 * the socket one by one as it writes; Node's socket holds at most one frame of a stopped reader.
 * `bufferedAmount` counts both, and the stream's cap (maxStreamBufferedBytes) applies to it.
 */
const socketBuffered = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'bufferedAmount')!.get as () => number;

class WaitingWebSocket extends WebSocket {
  #waiting: string[] = [];
  #next = 0;
  #waitingBytes = 0;
  readonly #written = () => this.#flush();

  // @ts-expect-error: @types/ws declares a field where ws has a getter, which this extends
  override get bufferedAmount(): number {
    return this.#inSocket() + this.#waitingBytes;
  }

  /** What `ws` and Node's socket hold (ws's own getter). */
  #inSocket(): number {
    return socketBuffered.call(this);
  }

  override send(data: unknown, options?: unknown, cb?: unknown): void {
    if (typeof data !== 'string' || options !== undefined || this.readyState !== WebSocket.OPEN) {
      return super.send(data as string, options as never, cb as never);
    }
    if (!this.#hasWaiting() && this.#inSocket() === 0) return super.send(data, this.#written);
    this.#waiting.push(data);
    this.#waitingBytes += data.length;
  }

  /** Closing hands what waits to the socket first, as `ws` would have sent it before the close frame. */
  override close(code?: number, reason?: string | Buffer): void {
    if (this.readyState === WebSocket.OPEN) while (this.#hasWaiting()) super.send(this.#take());
    super.close(code, reason);
  }

  /** A frame was written out: the next waiting ones go while the socket takes them at once. */
  #flush(): void {
    while (this.#hasWaiting() && this.readyState === WebSocket.OPEN && this.#inSocket() === 0) {
      super.send(this.#take(), this.#written);
    }
    if (this.readyState !== WebSocket.OPEN) this.#drop();
  }

  #hasWaiting(): boolean {
    return this.#next < this.#waiting.length;
  }

  #take(): string {
    const data = this.#waiting[this.#next]!;
    this.#waiting[this.#next++] = '';
    this.#waitingBytes -= data.length;
    if (!this.#hasWaiting() || this.#next > 1024) {
      this.#waiting = this.#waiting.slice(this.#next);
      this.#next = 0;
    }
    return data;
  }

  #drop(): void {
    this.#waiting = [];
    this.#next = 0;
    this.#waitingBytes = 0;
  }
}

/** `lookup` refuses names that resolve to link-local or metadata addresses (guarded-lookup.ts). */
export const wsConnectorFor = (access: OutboundAccess, base?: Lookup): ConnectWebSocket => {
  const lookup = guardedLookup(access, base);
  return (url, options) => new WaitingWebSocket(url, {
    perMessageDeflate: false,
    lookup: lookup as never,
    ...(options?.maxPayload ? { maxPayload: options.maxPayload } : {}),
  });
};

export const wsConnector: ConnectWebSocket = wsConnectorFor(DEFAULT_OUTBOUND_ACCESS);
