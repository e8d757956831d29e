// On Node, media streams go out through the `ws` package rather than the runtime's global
// WebSocket: it sends and parses frames with less work per message, which is what bounds how
// many streams one process sustains (bench/streams.ts measures both). It also bounds what a
// server can make the mock buffer: a message over maxPayload, finished or not, closes the
// stream with 1009 as soon as its header says so.
import { WebSocket } from 'ws';
import type { ConnectWebSocket } from '../core/socket.ts';
import { DEFAULT_OUTBOUND_ACCESS, type OutboundAccess } from '../webhooks/url-guard.ts';
import { guardedLookup, type Lookup } from './guarded-lookup.ts';

/** `lookup` refuses names that resolve to link-local or metadata addresses (guarded-lookup.ts). */
export const wsConnectorFor = (access: OutboundAccess, base?: Lookup): ConnectWebSocket => {
  const lookup = guardedLookup(access, base);
  return (url, options) => new WebSocket(url, {
    perMessageDeflate: false,
    lookup: lookup as never,
    ...(options?.maxPayload ? { maxPayload: options.maxPayload } : {}),
  });
};

export const wsConnector: ConnectWebSocket = wsConnectorFor(DEFAULT_OUTBOUND_ACCESS);
