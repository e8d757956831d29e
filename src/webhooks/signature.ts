// Voxifi webhook signing (docs §4.5): `sha256=` + lower-case hex HMAC-SHA256 of
// `<timestamp>.<raw body>`, keyed with the secret's UTF-8 bytes. Web Crypto only, so the
// module runs in browsers (msw setupWorker) as well as in Node.

export type VerifyResult = { ok: true } | { ok: false; reason: string };

export interface VerifyInput {
  /** The body exactly as received (string or bytes), before any JSON parsing. */
  rawBody: string | Uint8Array;
  /** The `X-Webhook-Signature` header value. */
  signature: string | null | undefined;
  /** The `X-Webhook-Timestamp` header value (Unix seconds). */
  timestamp: string | null | undefined;
  secret: string;
  /** Largest accepted age of the timestamp, in seconds (the docs' 300). */
  toleranceSeconds?: number;
  /** Current time in milliseconds. */
  now?: number;
}

const encoder = new TextEncoder();
const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;
const UNIX_SECONDS = /^[0-9]{1,15}$/;

async function hmac(secret: string, timestamp: string, rawBody: string | Uint8Array): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const prefix = encoder.encode(`${timestamp}.`);
  const body = typeof rawBody === 'string' ? encoder.encode(rawBody) : rawBody;
  // Concatenate bytes rather than strings so a byte body that is not valid UTF-8 is signed as is.
  const message = new Uint8Array(prefix.length + body.length);
  message.set(prefix, 0);
  message.set(body, prefix.length);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, message));
}

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Constant time for equal lengths: every byte is visited whatever the first difference. */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** The `X-Webhook-Signature` value for one delivery attempt. */
export async function signWebhook(secret: string, timestamp: string, rawBody: string): Promise<string> {
  return `sha256=${toHex(await hmac(secret, timestamp, rawBody))}`;
}

/**
 * Receiver-side check, as the docs describe it. Future timestamps are accepted on purpose:
 * both of the docs' examples only reject `now - timestamp > tolerance` (docs §4.6, §7.6).
 */
export async function verifyWebhookSignature(input: VerifyInput): Promise<VerifyResult> {
  const { rawBody, signature, timestamp, secret, toleranceSeconds = 300, now = Date.now() } = input;
  if (signature == null || signature === '') return { ok: false, reason: 'missing signature header (X-Webhook-Signature)' };
  const match = SIGNATURE.exec(signature.trim());
  if (!match) return { ok: false, reason: 'malformed signature: expected sha256=<64 hex digits>' };
  if (timestamp == null || timestamp === '') return { ok: false, reason: 'missing timestamp header (X-Webhook-Timestamp)' };
  if (!UNIX_SECONDS.test(timestamp)) return { ok: false, reason: 'invalid timestamp: expected Unix seconds' };
  const age = Math.floor(now / 1000) - Number(timestamp);
  if (age > toleranceSeconds) return { ok: false, reason: `timestamp too old: ${age} s, tolerance ${toleranceSeconds} s` };
  const expected = await hmac(secret, timestamp, rawBody);
  if (!equalBytes(fromHex(match[1]!), expected)) return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}
