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
    { name: 'create app', request: (m) => ({ method: 'POST', path: `${S}/apps`, headers: sfv(m), body: json({ name: 'Sales', answer_url: 'https://mock.test/__voicemock/receivers/answer/hook', hangup_url: 'https://mock.test/__voicemock/receivers/hangup/hook' }) }), expect: 200, save: { app: 'data.app_id' } },
    { name: 'list apps', request: (m) => ({ method: 'GET', path: `${S}/apps`, headers: sfv(m) }), expect: 200 },
    { name: 'get app', request: (m, s) => ({ method: 'GET', path: `${S}/apps/${s.app}`, headers: sfv(m) }), expect: 200 },
    { name: 'update app', request: (m, s) => ({ method: 'PUT', path: `${S}/apps/${s.app}`, headers: sfv(m), body: json({ name: 'Support' }) }), expect: 200 },
    { name: 'available numbers', request: (m) => ({ method: 'GET', path: `${S}/available-numbers`, headers: sfv(m) }), expect: 200 },
    { name: 'link', request: (m, s) => ({ method: 'POST', path: `${S}/apps/${s.app}/numbers`, headers: sfv(m), body: json({ voip_number: m.demo!.sfvopi.numbers[0] }) }), expect: 200 },
    { name: 'create a second app', request: (m) => ({ method: 'POST', path: `${S}/apps`, headers: sfv(m), body: json({ name: 'Other', answer_url: 'https://mock.test/__voicemock/receivers/answer/hook' }) }), expect: 200, save: { other: 'data.app_id' } },
    { name: 'link the linked number: 409', request: (m, s) => ({ method: 'POST', path: `${S}/apps/${s.other}/numbers`, headers: sfv(m), body: json({ voip_number: m.demo!.sfvopi.numbers[0] }) }), expect: 409 },
    { name: 'list app numbers', request: (m, s) => ({ method: 'GET', path: `${S}/apps/${s.app}/numbers`, headers: sfv(m) }), expect: 200 },
    { name: 'app by number (percent-encoded +)', request: (m) => ({ method: 'GET', path: `${S}/numbers/${encodeURIComponent(m.demo!.sfvopi.numbers[0]!)}/app`, headers: sfv(m) }), expect: 200 },
    { name: 'outbound call', request: (m) => ({ method: 'POST', path: `${S}/calls`, headers: sfv(m), body: json({ from: m.demo!.sfvopi.numbers[0], to: '+919900000001', answer_url: 'https://mock.test/__voicemock/receivers/answer/hook' }) }), expect: 200 },
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
    { name: 'voxifi create agent', request: (m) => ({ method: 'POST', path: `${V}/agents`, headers: vx(m), body: json({ name: 'Renewals', variables: ['firstName'] }) }), expect: 200, save: { agent: 'id' } },
    { name: 'voxifi get agent', request: (m, s) => ({ method: 'GET', path: `${V}/agents/${s.agent}`, headers: vx(m) }), expect: 200 },
    { name: 'voxifi update agent', request: (m, s) => ({ method: 'PATCH', path: `${V}/agents/${s.agent}`, headers: vx(m), body: json({ name: 'Renewals 2' }) }), expect: 200 },
    { name: 'voxifi numbers', request: (m) => ({ method: 'GET', path: `${V}/phone-numbers`, headers: vx(m) }), expect: 200 },
    { name: 'voxifi buy a number', request: (m) => ({ method: 'POST', path: `${V}/phone-numbers`, headers: vx(m), body: json({ country: 'US' }) }), expect: 200, save: { number: 'id' } },
    { name: 'voxifi assign it', request: (m, s) => ({ method: 'POST', path: `${V}/phone-numbers/${s.number}/assign`, headers: vx(m), body: json({ assistant_id: s.agent }) }), expect: 200 },
    { name: 'voxifi release it', request: (m, s) => ({ method: 'DELETE', path: `${V}/phone-numbers/${s.number}`, headers: vx(m) }), expect: 200 },
    { name: 'voxifi delete agent', request: (m, s) => ({ method: 'DELETE', path: `${V}/agents/${s.agent}`, headers: vx(m) }), expect: 200 },
    { name: 'voxifi top up', request: (m) => ({ method: 'POST', path: `${V}/balance/top-ups`, headers: vx(m), body: json({ amount: 20 }) }), expect: 200 },
    { name: 'voxifi top up out of bounds', request: (m) => ({ method: 'POST', path: `${V}/balance/top-ups`, headers: vx(m), body: json({ amount: 5 }) }), expect: 400 },
    { name: 'voxifi transactions', request: (m) => ({ method: 'GET', path: `${V}/transactions`, headers: vx(m) }), expect: 200 },
    { name: 'voxifi list webhooks', request: (m) => ({ method: 'GET', path: `${V}/webhooks`, headers: vx(m) }), expect: 200 },
    { name: 'voxifi get webhook', request: (m, s) => ({ method: 'GET', path: `${V}/webhooks/${s.hook}`, headers: vx(m) }), expect: 200 },
    { name: 'voxifi dead letters', request: (m, s) => ({ method: 'GET', path: `${V}/webhooks/${s.hook}/dead-letters`, headers: vx(m) }), expect: 200 },
    { name: 'voxifi update webhook', request: (m, s) => ({ method: 'PATCH', path: `${V}/webhooks/${s.hook}`, headers: vx(m), body: json({ enabled: false }) }), expect: 200 },
    { name: 'voxifi campaign', request: (m) => ({ method: 'POST', path: `${V}/campaigns`, headers: vx(m), body: json({ name: 'March', assistant_id: m.demo!.voxifi.agents[0]!.id, csv: 'phone_number,firstName\n+15551234567,Ann\n' }) }), expect: 200, save: { campaign: 'id' } },
    { name: 'voxifi get campaign', request: (m, s) => ({ method: 'GET', path: `${V}/campaigns/${s.campaign}`, headers: vx(m) }), expect: 200 },
    { name: 'voxifi list campaigns', request: (m) => ({ method: 'GET', path: `${V}/campaigns`, headers: vx(m) }), expect: 200 },
    { name: 'voxifi delete webhook', request: (m, s) => ({ method: 'DELETE', path: `${V}/webhooks/${s.hook}`, headers: vx(m) }), expect: 200 },
    { name: 'control: orgs', request: () => ({ method: 'GET', path: '/__voicemock/orgs' }), expect: 200 },
    { name: 'control: create org', request: () => ({ method: 'POST', path: '/__voicemock/orgs', headers: { 'content-type': 'application/json' }, body: json({ name: 'Acme' }) }), expect: 200 },
    { name: 'control: org state', request: () => ({ method: 'GET', path: '/__voicemock/orgs/1' }), expect: 200 },
    { name: 'control: session', request: () => ({ method: 'POST', path: '/__voicemock/sessions', headers: { 'content-type': 'application/json' }, body: json({ org_id: 1 }) }), expect: 200 },
    { name: 'control: clock', request: () => ({ method: 'GET', path: '/__voicemock/clock' }), expect: 200 },
    { name: 'control: callee behaviour', request: () => ({ method: 'POST', path: '/__voicemock/sfvopi/callee-behaviour', headers: { 'content-type': 'application/json' }, body: json({ number: '+919900000002', behaviour: { type: 'busy' } }) }), expect: 200 },
    { name: 'control: callee behaviours', request: () => ({ method: 'GET', path: '/__voicemock/sfvopi/callee-behaviour' }), expect: 200 },
    { name: 'control: SFVoPI calls', request: () => ({ method: 'GET', path: '/__voicemock/sfvopi/calls' }), expect: 200 },
    { name: 'control: scenarios', request: () => ({ method: 'GET', path: '/__voicemock/scenarios' }), expect: 200 },
    { name: 'control: journal', request: () => ({ method: 'GET', path: '/__voicemock/journal?limit=5' }), expect: 200, statusOnly: true },
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
    { name: 'a POST the override does not match reaches voicemock with its body', request: (m) => ({ method: 'POST', path: `${S}/apps`, headers: sfv(m), body: json({ name: 'Body kept', answer_url: 'https://mock.test/__voicemock/receivers/answer/hook' }) }), expect: 200 },
  ],
};

/** The value at a dotted path of a JSON outcome. */
export function pick(outcome: Outcome, path: string): string {
  if (outcome.kind !== 'response') throw new Error(`no body to take ${path} from`);
  const value = path.split('.').reduce<any>((v, k) => v?.[k], JSON.parse(outcome.body));
  if (typeof value !== 'string') throw new Error(`${path} is not a string in ${outcome.body}`);
  return value;
}
