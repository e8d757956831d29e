// Signing and verification: the reference test vector, every failure reason, and a
// cross-check against an independent node:crypto implementation.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from '../../src/index.ts';

const SECRET = 'test_secret';
const TS = '1705315800';
const BODY = '{"event_type":"call.ended","event_id":"evt_abc124","timestamp":"2024-01-15T10:35:00Z","organization_id":"org_xyz","data":{"call_id":"call_abc123","end_time":"2024-01-15T10:35:00Z","duration_seconds":305}}';
const EXPECTED = 'sha256=3a972cdae7c4fdf4862c9b154753cc0f76269ef1075e512f160dfc8b6cb38549';
const AT_TS = 1705315800 * 1000;

describe('signWebhook', () => {
  it('matches the reference test vector', async () => {
    expect(await signWebhook(SECRET, TS, BODY)).toBe(EXPECTED);
  });

  it('matches node:crypto createHmac on arbitrary UTF-8 bodies', async () => {
    const body = JSON.stringify({ note: 'héllo ☎ 😀', n: 1 });
    const independent = `sha256=${createHmac('sha256', 'whsec_x').update(`42.${body}`).digest('hex')}`;
    expect(await signWebhook('whsec_x', '42', body)).toBe(independent);
  });
});

describe('verifyWebhookSignature', () => {
  const base = { rawBody: BODY, signature: EXPECTED, timestamp: TS, secret: SECRET, now: AT_TS };

  it('accepts a valid signature, as a string or as bytes, with upper-case hex too', async () => {
    expect(await verifyWebhookSignature(base)).toEqual({ ok: true });
    expect(await verifyWebhookSignature({ ...base, rawBody: new TextEncoder().encode(BODY) })).toEqual({ ok: true });
    expect(await verifyWebhookSignature({ ...base, signature: `sha256=${EXPECTED.slice(7).toUpperCase()}` })).toEqual({ ok: true });
  });

  it('accepts a timestamp exactly at the tolerance and future timestamps (as the docs examples do)', async () => {
    expect(await verifyWebhookSignature({ ...base, now: AT_TS + 300_999 })).toEqual({ ok: true });
    expect(await verifyWebhookSignature({ ...base, now: AT_TS - 3_600_000 })).toEqual({ ok: true });
  });

  const failures: Array<[string, Partial<typeof base>, RegExp]> = [
    ['missing signature', { signature: undefined as unknown as string }, /^missing signature header/],
    ['empty signature', { signature: '' }, /^missing signature header/],
    ['no sha256= prefix', { signature: EXPECTED.slice(7) }, /^malformed signature/],
    ['short hex', { signature: EXPECTED.slice(0, -2) }, /^malformed signature/],
    ['non-hex', { signature: `sha256=${'z'.repeat(64)}` }, /^malformed signature/],
    ['missing timestamp', { timestamp: null as unknown as string }, /^missing timestamp header/],
    ['non-numeric timestamp', { timestamp: 'yesterday' }, /^invalid timestamp/],
    ['ms timestamp with fraction', { timestamp: '1705315800.5' }, /^invalid timestamp/],
    ['timestamp too old', { now: AT_TS + 301_000 }, /^timestamp too old: 301 s, tolerance 300 s$/],
    ['wrong secret', { secret: 'other_secret' }, /^signature mismatch$/],
    ['tampered body', { rawBody: BODY.replace('305', '306') }, /^signature mismatch$/],
    ['timestamp not the signed one', { timestamp: '1705315801' }, /^signature mismatch$/],
  ];
  for (const [name, change, reason] of failures) {
    it(`rejects: ${name}`, async () => {
      const result = await verifyWebhookSignature({ ...base, ...change });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(reason);
    });
  }

  it('honours a custom tolerance', async () => {
    const r = await verifyWebhookSignature({ ...base, now: AT_TS + 11_000, toleranceSeconds: 10 });
    expect(r).toEqual({ ok: false, reason: 'timestamp too old: 11 s, tolerance 10 s' });
  });
});
