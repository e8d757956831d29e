// Where voicemock's own outbound requests (answer, ring, hangup and Voxifi webhooks) may not
// go: link-local and cloud metadata addresses, and voicemock's control API (a webhook pointed at
// /__voicemock/reset would reset the mock). Loopback and private networks stay allowed: local
// development needs them. Checked on the URL as written (browser-safe, no DNS), and on Node once
// more on each address a name resolves to (refusedAddress, through a `lookup` hook).

export interface OutboundAccess {
  /** Host names or addresses let through despite the rules (`--allow-outbound`); '*' turns the guard off. */
  allowedOutboundHosts: string[];
}

export const DEFAULT_OUTBOUND_ACCESS: Readonly<OutboundAccess> = Object.freeze({ allowedOutboundHosts: [] });

const METADATA_HOSTS = new Set([
  'metadata', 'metadata.google.internal', 'metadata.goog', 'metadata.azure.com',
  'instance-data', 'instance-data.ec2.internal', 'fd00:ec2::254',
]);

function ipv4LinkLocal(host: string): boolean {
  return /^169\.254\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** fe80::/10, and IPv4-mapped forms of 169.254.0.0/16 (the URL parser writes them as ::ffff:a9fe:xxxx). */
function ipv6LinkLocal(host: string): boolean {
  if (/^fe[89ab][0-9a-f]?:/.test(host)) return true;
  const mapped = /^(?:0*:)*:?ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(host) ?? /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(host);
  if (mapped) return mapped[1] === 'a9fe';
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  return dotted ? ipv4LinkLocal(dotted[1]!) : false;
}

/** Why a resolved address may not be called, or null: a name that resolves to metadata is refused too. */
export function refusedAddress(hostname: string, address: string, access: OutboundAccess): string | null {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  const allow = access.allowedOutboundHosts;
  if (allow.includes('*') || allow.some((h) => { const a = h.toLowerCase().replace(/^\[|\]$/g, ''); return a === host || a === address; })) return null;
  const ip = address.toLowerCase();
  if (!ipv4LinkLocal(ip) && !ipv6LinkLocal(ip) && ip !== 'fd00:ec2::254') return null;
  return `${hostname} resolves to ${address}, a link-local or metadata address; voicemock does not call it (allow it with --allow-outbound ${hostname})`;
}

/** A WebSocket connector that refuses what refuseOutbound refuses, as a failed connection (the stream URL is outbound too). */
export function guardConnector<C extends (url: string, ...options: any[]) => unknown>(connect: C, access: OutboundAccess): C {
  return ((url: string, ...options: unknown[]) => {
    const refusal = refuseOutbound(url, access);
    if (refusal) throw new Error(refusal);
    return connect(url, ...options); // the connector's options (maxPayload) pass through
  }) as C;
}

const RECEIVER_HOOK = /^\/__voicemock\/receivers\/[^/]+\/hook\/?$/;

/** Why `url` may not be called, or null when it may. */
export function refuseOutbound(url: string, access: OutboundAccess): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null; // not ours to judge: the request fails as it would anyway
  }
  const host = parsed.hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  const allow = access.allowedOutboundHosts;
  if (allow.includes('*') || allow.some((h) => h.toLowerCase().replace(/^\[|\]$/g, '') === host)) return null;
  if (METADATA_HOSTS.has(host) || ipv4LinkLocal(host) || ipv6LinkLocal(host)) {
    return `${parsed.hostname} is a link-local or metadata address; voicemock does not call it (allow it with --allow-outbound ${parsed.hostname})`;
  }
  let path = parsed.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep it raw
  }
  if (/^\/+__voicemock(\/|$)/i.test(path) && !RECEIVER_HOOK.test(path)) {
    return "voicemock's own control API is not a webhook target (only /__voicemock/receivers/{name}/hook is)";
  }
  return null;
}

/** The first of `fields` (name → URL) that may not be called, with why; for refusing it at creation. */
export function refusedField(fields: Record<string, unknown>, names: readonly string[], access: OutboundAccess): { field: string; reason: string } | null {
  for (const field of names) {
    const url = fields[field];
    if (typeof url !== 'string') continue;
    const reason = refuseOutbound(url, access);
    if (reason) return { field, reason };
  }
  return null;
}
