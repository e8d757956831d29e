// The WebSocket client the stream uses, as the small part of the standard (browser) WebSocket
// API it needs. Node 22+ and browsers have one globally; tests or other runtimes can inject
// their own (for example the `ws` package) through createVoicemock({ connectWebSocket }).
export interface StreamSocket {
  readonly readyState: number;
  /** Bytes queued to send and not yet handed to the network: the mock drops frames past its cap. */
  readonly bufferedAmount?: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** Stop and restart reading (the `ws` client has them): a stream over its message budget stops reading until the next tick, so TCP holds a flood back at the sender. */
  pause?(): void;
  resume?(): void;
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: any) => void): void;
}

/** `maxPayload`: the largest message to accept, in bytes; a connector that can (the `ws` one) closes on a bigger one. */
export type ConnectWebSocket = (url: string, options?: { maxPayload?: number }) => StreamSocket;

export const OPEN = 1;

/** The global WebSocket as it is now, so a later msw interception of the global does not catch the mock's own stream. */
export function globalWebSocketConnector(): ConnectWebSocket | undefined {
  const WebSocketClass = (globalThis as { WebSocket?: new (url: string) => StreamSocket }).WebSocket;
  return WebSocketClass ? (url) => new WebSocketClass(url) : undefined;
}
