// The conformance table's cases: each is a request (which may use what earlier steps saved),
// what it must answer, and optionally the user's msw handlers around voicemock's own.
import { http, HttpResponse, type RequestHandler } from 'msw';
import { operationsOf, resolveRef } from '../../src/core/contract/operations.ts';
import type { ResponseObject } from '../../src/core/contract/document-types.ts';
import { openapiDocument } from '../../src/generated/openapi-document.ts';
import type { Voicemock } from '../../src/index.ts';
import type { Outcome, Sent } from './transports.ts';

export interface Saved {
  [name: string]: string;
}

export interface Step {
  name: string;
  request(mock: Voicemock, saved: Saved): Sent;
  /** The status it must answer, or the network outcome. */
  expect: number | 'network-error' | 'body-error';
  /** Remember a field of the JSON answer (a dotted path) for later steps. */
  save?: Record<string, string>;
  /** Bodies that carry run-specific figures (uptime, durations) are compared by status alone. */
  statusOnly?: boolean;
}

export interface Sequence {
  name: string;
  steps: Step[];
  /** The handler list around the mock's own; default just mock.handlers. */
  handlers?(mock: Voicemock): RequestHandler[];
  /** Fault profiles to load (scenario files' faults). */
  faults?: boolean;
}

const json = (body: unknown) => JSON.stringify(body);
const sfv = (mock: Voicemock, extra: Record<string, string> = {}) => ({ 'x-api-key': mock.demo!.sfvopi.api_key, 'content-type': 'application/json', ...extra });
const vx = (mock: Voicemock, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${mock.demo!.voxifi.api_keys.Owner}`, 'content-type': 'application/json', ...extra });
const S = '/superfone/sfvopi';
const V = '/voxifi/v1';

export const STATEFUL: Sequence = {
  name: 'state through every transport',
  steps: [
    { name: 'health', request: () => ({ method: 'GET', path: '/__voicemock/health' }), expect: 200, statusOnly: true },
    { name: 'create app', request: (m) => ({ method: 'POST', path: `${S}/apps`, headers: sfv(m), body: json({ name: 'Sales', answer_url: 'https://example.com/answer', hangup_url: 'https://example.com/hangup' }) }), expect: 200, save: { app: 'data.app_id' } },
    { name: 'list apps', request: (m) => ({ method: 'GET', path: `${S}/apps`, headers: sfv(m) }), expect: 200 },
    { name: 'get app', request: (m, s) => ({ method: 'GET', path: `${S}/apps/${s.app}`, headers: sfv(m) }), expect: 200 },
    { name: 'update app', request: (m, s) => ({ method: 'PUT', path: `${S}/apps/${s.app}`, headers: sfv(m), body: json({ name: 'Support' }) }), expect: 200 },
    { name: 'available numbers', request: (m) => ({ method: 'GET', path: `${S}/available-numbers`, headers: sfv(m) }), expect: 200 },
    { name: 'link', request: (m, s) => ({ method: 'POST', path: `${S}/apps/${s.app}/numbers`, headers: sfv(m), body: json({ voip_number: m.demo!.sfvopi.numbers[0] }) }), expect: 200 },
    { name: 'create a second app', request: (m) => ({ method: 'POST', path: `${S}/apps`, headers: sfv(m), body: json({ name: 'Other', answer_url: 'https://example.com/a' }) }), expect: 200, save: { other: 'data.app_id' } },
    { name: 'link the linked number: 409', request: (m, s) => ({ method: 'POST', path: `${S}/apps/${s.other}/numbers`, headers: sfv(m), body: json({ voip_number: m.demo!.sfvopi.numbers[0] }) }), expect: 409 },
    { name: 'list app numbers', request: (m, s) => ({ method: 'GET', path: `${S}/apps/${s.app}/numbers`, headers: sfv(m) }), expect: 200 },
    { name: 'app by number (percent-encoded +)', request: (m) => ({ method: 'GET', path: `${S}/numbers/${encodeURIComponent(m.demo!.sfvopi.numbers[0]!)}/app`, headers: sfv(m) }), expect: 200 },
    { name: 'outbound call', request: (m) => ({ method: 'POST', path: `${S}/calls`, headers: sfv(m), body: json({ from: m.demo!.sfvopi.numbers[0], to: '+919900000001', answer_url: 'https://example.com/answer' }) }), expect: 200 },
    { name: 'unlink', request: (m, s) => ({ method: 'DELETE', path: `${S}/apps/${s.app}/numbers/${encodeURIComponent(m.demo!.sfvopi.numbers[0]!)}`, headers: sfv(m) }), expect: 200 },
    { name: 'unlink again: 404', request: (m, s) => ({ method: 'DELETE', path: `${S}/apps/${s.app}/numbers/${encodeURIComponent(m.demo!.sfvopi.numbers[0]!)}`, headers: sfv(m) }), expect: 404 },
    { name: 'delete app', request: (m, s) => ({ method: 'DELETE', path: `${S}/apps/${s.app}`, headers: sfv(m) }), expect: 200 },
    { name: 'deleted app: 404', request: (m, s) => ({ method: 'GET', path: `${S}/apps/${s.app}`, headers: sfv(m) }), expect: 404 },
    { name: 'missing API key: 401', request: () => ({ method: 'GET', path: `${S}/apps` }), expect: 401 },
    { name: 'invalid API key: 401', request: () => ({ method: 'GET', path: `${S}/apps`, headers: { 'x-api-key': 'sfv_key_nope' } }), expect: 401 },
    { name: 'invalid body: 400', request: (m) => ({ method: 'POST', path: `${S}/apps`, headers: sfv(m), body: json({ name: 7 }) }), expect: 400 },
    { name: 'malformed JSON: 400', request: (m) => ({ method: 'POST', path: `${S}/apps`, headers: sfv(m), body: '{"name":' }), expect: 400 },
    { name: 'oversized body: 413', request: (m) => ({ method: 'POST', path: `${S}/apps`, headers: sfv(m), body: json({ name: 'x'.repeat(1024 * 1024) }) }), expect: 413 },
    { name: 'unknown SFVoPI path: 404', request: (m) => ({ method: 'GET', path: `${S}/nothing/here`, headers: sfv(m) }), expect: 404 },
    { name: 'unknown Voxifi path: 404', request: (m) => ({ method: 'GET', path: `${V}/nothing`, headers: vx(m) }), expect: 404 },
    { name: 'unknown control path: 404', request: () => ({ method: 'GET', path: '/__voicemock/nothing' }), expect: 404 },
    { name: 'voxifi agents', request: (m) => ({ method: 'GET', path: `${V}/agents`, headers: vx(m) }), expect: 200 },
    { name: 'voxifi webhook', request: (m) => ({ method: 'POST', path: `${V}/webhooks`, headers: vx(m), body: json({ url: 'https://mock.test/__voicemock/receivers/conf/hook', events: ['call.started'] }) }), expect: 200, save: { hook: 'id' } },
    { name: 'voxifi call', request: (m) => ({ method: 'POST', path: `${V}/calls`, headers: vx(m), body: json({ assistant_id: m.demo!.voxifi.agents[0]!.id, customer_number: '+15005550004' }) }), expect: 200, save: { call: 'id' } },
    { name: 'voxifi get call', request: (m, s) => ({ method: 'GET', path: `${V}/calls/${s.call}`, headers: vx(m) }), expect: 200 },
    { name: 'voxifi list calls', request: (m) => ({ method: 'GET', path: `${V}/calls`, headers: vx(m) }), expect: 200 },
    { name: 'advance the clock', request: () => ({ method: 'POST', path: '/__voicemock/clock/advance', headers: { 'content-type': 'application/json' }, body: json({ ms: 60_000 }) }), expect: 200 },
    { name: 'voxifi call completed', request: (m, s) => ({ method: 'GET', path: `${V}/calls/${s.call}`, headers: vx(m) }), expect: 200 },
    { name: 'voxifi balance', request: (m) => ({ method: 'GET', path: `${V}/balance`, headers: vx(m) }), expect: 200 },
    { name: 'voxifi deliveries', request: (m, s) => ({ method: 'GET', path: `${V}/webhooks/${s.hook}/deliveries`, headers: vx(m) }), expect: 200 },
    { name: 'the receiver got the delivery', request: () => ({ method: 'GET', path: '/__voicemock/receivers/conf' }), expect: 200 },
    { name: 'voxifi unauthorized', request: () => ({ method: 'GET', path: `${V}/calls`, headers: { authorization: 'Bearer nope' } }), expect: 401 },
    { name: 'control: invalid body', request: () => ({ method: 'POST', path: '/__voicemock/clock/advance', headers: { 'content-type': 'application/json' }, body: json({ ms: 'soon' }) }), expect: 400 },
    { name: 'scenario for everyone', request: () => ({ method: 'PUT', path: '/__voicemock/scenarios/active', headers: { 'content-type': 'application/json' }, body: json({ scenario: 'list-apps-failed' }) }), expect: 200 },
    { name: 'the next request fails as documented', request: (m) => ({ method: 'GET', path: `${S}/apps`, headers: sfv(m) }), expect: 500 },
    { name: 'Prefer: scenario= on the request', request: (m) => ({ method: 'POST', path: `${S}/apps/sfv_app_abc123xyz456/numbers`, headers: sfv(m, { prefer: 'scenario=link-conflict' }), body: json({ voip_number: '+918000000001' }) }), expect: 409 },
    { name: "Prism's Prefer: code=", request: (m) => ({ method: 'GET', path: `${V}/calls`, headers: vx(m, { prefer: 'code=429' }) }), expect: 429 },
  ],
};

/** Every documented non-2xx example of every operation, forced by `Prefer: example=`. */
export function documentedExamples(): Sequence {
  const steps: Step[] = [];
  for (const info of operationsOf(openapiDocument).values()) {
    const path = info.path.replace(/\{[^}]+\}/g, 'x1');
    for (const [status, raw] of Object.entries(info.operation.responses)) {
      if (status.startsWith('2')) continue;
      const examples = resolveRef<ResponseObject>(openapiDocument, raw).content?.['application/json']?.examples ?? {};
      for (const example of Object.keys(examples)) {
        steps.push({
          name: `${info.operationId} ${status} ${example}`,
          request: () => ({ method: info.method.toUpperCase(), path, headers: { prefer: `example=${example}`, 'content-type': 'application/json' }, body: info.method === 'get' || info.method === 'delete' ? undefined : '{}' }),
          expect: Number(status),
        });
      }
    }
  }
  return { name: 'documented examples', steps };
}

export const FAULTS: Sequence = {
  name: 'scenario faults',
  faults: true,
  steps: [
    { name: 'reset', request: (m) => ({ method: 'GET', path: `${S}/apps`, headers: sfv(m, { prefer: 'scenario=conf-reset' }) }), expect: 'network-error' },
    { name: 'truncated', request: (m) => ({ method: 'GET', path: `${S}/apps`, headers: sfv(m, { prefer: 'scenario=conf-truncated' }) }), expect: 'body-error' },
    { name: 'latency, then the normal answer', request: (m) => ({ method: 'GET', path: `${S}/apps`, headers: sfv(m, { prefer: 'scenario=conf-slow' }) }), expect: 200 },
    { name: 'a fault only touches its operation', request: (m) => ({ method: 'GET', path: `${S}/available-numbers`, headers: sfv(m, { prefer: 'scenario=conf-reset' }) }), expect: 200 },
  ],
};

export const FAULT_PROFILES = [
  { name: 'conf-reset', description: 'reset', faults: [{ operation: 'listApps', network: 'reset' as const }], steps: [] },
  { name: 'conf-truncated', description: 'truncated', faults: [{ operation: 'listApps', network: 'truncated' as const }], steps: [] },
  { name: 'conf-slow', description: 'latency', faults: [{ operation: 'listApps', delay_ms: 20 }], steps: [] },
];

const override = http.get('*/superfone/sfvopi/apps', () => HttpResponse.json({ overridden: true }));
const extra = http.get('*/superfone/sfvopi/extra', () => HttpResponse.json({ extra: true }));
const after = http.get('*/elsewhere/thing', () => HttpResponse.json({ after: true }));
const shadowed = http.get('*/superfone/sfvopi/shadowed', () => HttpResponse.json({ shadowed: true }));

export const USER_HANDLERS: Sequence = {
  name: "user handlers around voicemock's",
  handlers: (mock) => [override, extra, ...mock.handlers, after, shadowed],
  steps: [
    { name: 'a handler before voicemock overrides its operation', request: (m) => ({ method: 'GET', path: `${S}/apps`, headers: sfv(m) }), expect: 200 },
    { name: 'a handler before voicemock answers a path voicemock lacks', request: () => ({ method: 'GET', path: `${S}/extra` }), expect: 200 },
    { name: 'voicemock still answers what nobody overrides', request: (m) => ({ method: 'GET', path: `${S}/available-numbers`, headers: sfv(m) }), expect: 200 },
    { name: 'a handler after voicemock answers what voicemock has no route for', request: () => ({ method: 'GET', path: '/elsewhere/thing' }), expect: 200 },
    { name: "under a provider's prefix voicemock's 404 comes first, as msw's order says", request: () => ({ method: 'GET', path: `${S}/shadowed` }), expect: 404 },
    { name: 'a POST the override does not match reaches voicemock with its body', request: (m) => ({ method: 'POST', path: `${S}/apps`, headers: sfv(m), body: json({ name: 'Body kept', answer_url: 'https://example.com/a' }) }), expect: 200 },
  ],
};

/** The value at a dotted path of a JSON outcome. */
export function pick(outcome: Outcome, path: string): string {
  if (outcome.kind !== 'response') throw new Error(`no body to take ${path} from`);
  const value = path.split('.').reduce<any>((v, k) => v?.[k], JSON.parse(outcome.body));
  if (typeof value !== 'string') throw new Error(`${path} is not a string in ${outcome.body}`);
  return value;
}
