// On Node, media streams go out through the `ws` package rather than the runtime's global
// WebSocket: it sends and parses frames with less work per message, which is what bounds how
// many streams one process sustains (bench/streams.ts measures both). It also bounds what a
// server can make the mock buffer: a message over maxPayload, finished or not, closes the
// stream with 1009 as soon as its header says so.
import { WebSocket } from 'ws';
import type { ConnectWebSocket } from '../core/socket.ts';

export const wsConnector: ConnectWebSocket = (url, options) =>
  new WebSocket(url, { perMessageDeflate: false, ...(options?.maxPayload ? { maxPayload: options.maxPayload } : {}) });
