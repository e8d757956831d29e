// Who may drive the control API: its user, not a web page they happen to visit. A text/plain
// POST needs no CORS preflight, so a page could otherwise reset the mock or revoke keys; a
// rebound DNS name could read it. Checked before anything else runs; the built-in receivers'
// hooks are exempt (they play the user's server and take webhooks from anywhere).

import type { ControlAccess } from './access.ts';

export type Refusal = { status: number; code: string; message: string };

/** Operations that are not control: a receiver's hook answers whoever calls it. */
const OPEN = new Set(['receiveWebhook', 'receiveWebhookGet']);

/** The host name of a Host header or URL host, without port or IPv6 brackets, lower case. */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') === -1 ? undefined : h.indexOf(']'));
  const colon = h.indexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

export function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

function hostAllowed(access: ControlAccess, host: string): boolean {
  const name = hostName(host);
  return isLoopbackName(name) || access.allowedHosts.some((h) => h === '*' || hostName(h) === name);
}

/**
 * A browser cannot add a header to a page load or an EventSource, so the inspector takes the
 * token once as `/__voicemock/?token=…` and keeps it in this cookie (HttpOnly, SameSite=Strict:
 * scripts cannot read it and other sites' requests do not carry it; Origin is still checked).
 */
export const TOKEN_COOKIE = 'voicemock-control-token';

function cookieToken(request: Request): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === TOKEN_COOKIE) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The inspector page's own `?token=`, the only place a token may come in a URL. */
export function queryToken(request: Request, operationId: string): string | undefined {
  if (operationId !== 'inspector') return undefined;
  return new URL(request.url).searchParams.get('token') ?? undefined;
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from timings. */
export function sameSecret(given: string, expected: string): boolean {
  let diff = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) diff |= (given.charCodeAt(i % (given.length || 1)) || 0) ^ expected.charCodeAt(i);
  return diff === 0;
}

function hasBody(request: Request): boolean {
  const length = request.headers.get('content-length');
  return request.headers.has('transfer-encoding') || (length !== null && length !== '0') || (request.body !== null && length === null);
}

const isJson = (contentType: string | null) => contentType !== null && /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(contentType.trim());

/**
 * null when the request may go on; otherwise why not. Over HTTP the Host header is checked;
 * in-process (msw, mock.fetch) the request names its own host and there is no socket to rebind.
 */
export function refuseControl(access: ControlAccess, request: Request, operationId: string): Refusal | null {
  if (OPEN.has(operationId)) return null;
  const headers = request.headers;
  const host = headers.get('host');
  // A Host equal to the URL's own host was addressed in-process (msw interception): no socket to
  // rebind. Over HTTP the URL is always voicemock's own origin, so a foreign name never matches.
  if (host !== null && !hostAllowed(access, host) && !sameHost(host, request.url)) {
    return { status: 403, code: 'host_not_allowed', message: `Host ${host} is not allowed; start voicemock with --allow-host ${hostName(host)} to allow it` };
  }
  const site = headers.get('sec-fetch-site');
  const origin = headers.get('origin');
  if (origin !== null) {
    const own = host !== null ? origin.replace(/^[a-z]+:\/\//i, '') === host.toLowerCase() : sameOrigin(origin, request.url);
    if (!own && !access.allowedOrigins.includes(origin)) {
      return { status: 403, code: 'cross_origin', message: `Cross-origin control requests are refused (Origin ${origin}); allow it with --allow-origin` };
    }
  } else if (site !== null && site !== 'same-origin' && site !== 'none') {
    return { status: 403, code: 'cross_origin', message: `Cross-site control requests are refused (Sec-Fetch-Site: ${site})` };
  }
  if (access.controlToken !== null) {
    const bearer = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '')?.[1];
    const given = bearer ?? headers.get('voicemock-control-token') ?? cookieToken(request) ?? queryToken(request, operationId);
    if (given === null || given === undefined || !sameSecret(given.trim(), access.controlToken)) {
      return { status: 401, code: 'unauthorized', message: 'This voicemock requires its control token (Authorization: Bearer <token>)' };
    }
  }
  if (hasBody(request) && !isJson(headers.get('content-type'))) {
    return { status: 415, code: 'unsupported_media_type', message: 'Control request bodies must be application/json' };
  }
  return null;
}

function sameHost(host: string, url: string): boolean {
  try {
    return hostName(new URL(url).host) === hostName(host);
  } catch {
    return false;
  }
}

function sameOrigin(origin: string, url: string): boolean {
  try {
    return new URL(url).origin === origin.toLowerCase();
  } catch {
    return false;
  }
}
