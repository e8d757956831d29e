// On Node, media streams go out through the `ws` package rather than the runtime's global
// WebSocket: it sends and parses frames with less work per message, which is what bounds how
// many streams one process sustains (bench/streams.ts measures both).
import { WebSocket } from 'ws';
import type { ConnectWebSocket } from '../core/socket.ts';

export const wsConnector: ConnectWebSocket = (url) => new WebSocket(url, { perMessageDeflate: false });
