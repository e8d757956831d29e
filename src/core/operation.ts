// The one wrapper every operation goes through, whatever the transport: read and size-check
// the body, authenticate, validate against the contract, run the resolver, turn failures into
// the provider's own envelope, stamp headers and write the journal.
import { http, type HttpHandler } from 'msw';
import type { MockContext } from './context.ts';
import type { OperationInfo } from './contract/operations.ts';
import type { Violation } from './journal.ts';
import { VERSION } from './version.ts';
import { openapiDocument } from '../generated/openapi-document.ts';
import { parsePrefer, type Preference } from './forcing/prefer.ts';
import { forcedByPreference } from './forcing/examples.ts';
import { preparedBodies, preparedResponses } from './prepared-body.ts';

export interface Provider<Auth> {
  name: 'sfvopi' | 'voxifi' | 'control';
  /** Returns the caller's identity, or the provider's error response (401, 403, 429). */
  authenticate(ctx: MockContext, request: Request, info: OperationInfo): Auth | Response;
  orgOf(auth: Auth): number | null;
  /** The API key the caller used, for per-key scenarios. */
  keyOf?(auth: Auth): string | null;
  /** The provider's answer to a request that breaks the contract. */
  invalid(violations: Violation[], info: OperationInfo): Response;
  tooLarge(): Response;
  /** The provider's 500 for an unexpected failure inside an operation. */
  serverError(info: OperationInfo, detail: string): Response;
  /** Path, query and header violations answer at once; body ones only when the resolver asks. */
  bodyFirstCheck?: boolean;
}

export interface OperationRequest<Auth> {
  ctx: MockContext;
  request: Request;
  params: Record<string, string>;
  query: URLSearchParams;
  auth: Auth;
  info: OperationInfo;
  /** The scenario active for this request, if any (it may shape what happens later, e.g. a call's answer webhook). */
  scenario: string | null;
  /** The parsed body after the contract accepted it; throws the provider's 400 otherwise. */
  body<T>(): T;
  /** The body exactly as received ('' when there was none), e.g. for signature checks. */
  rawBody: string;
}

export type Resolver<Auth> = (req: OperationRequest<Auth>) => Response | Promise<Response>;

const FAILURE = Symbol('voicemock.failure');
interface Failure { [FAILURE]: Response }

/** Ends the operation with this response (used for the provider's documented errors). */
export function fail(response: Response): never {
  throw { [FAILURE]: response } satisfies Failure;
}

function isFailure(value: unknown): value is Failure {
  return typeof value === 'object' && value !== null && FAILURE in value;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Response {
  const text = JSON.stringify(body);
  const response = new Response(text, {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
  preparedResponses.set(response, text);
  return response;
}

/**
 * A network fault as a Response the transports understand: msw turns Response.error() into a
 * failed fetch; the node:http adapter drops the connection ('reset') or cuts the body short
 * ('truncated', marked by the voicemock-fault header).
 */
function networkFault(kind: 'reset' | 'truncated'): Response {
  if (kind === 'reset') return Response.error();
  return new Response('{"message":"', { status: 200, headers: { 'content-type': 'application/json', 'voicemock-fault': 'truncated' } });
}

const BODYLESS = new Set(['GET', 'HEAD', 'DELETE']);

async function readBody(request: Request, limit: number): Promise<{ text: string } | 'too-large'> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) return 'too-large';
  const text = preparedBodies.get(request) ?? (await request.text());
  // Byte length only matters once the text could exceed the limit.
  if (text.length * 3 > limit && new TextEncoder().encode(text).length > limit) return 'too-large';
  return { text };
}

export function defineOperation<Auth>(
  ctx: MockContext,
  provider: Provider<Auth>,
  info: OperationInfo,
  resolve: Resolver<Auth>,
  options: { maxBodyBytes?: number; scenario?: string } = {},
): HttpHandler {
  const validator = provider.name === 'control' ? ctx.control : ctx.contract;
  const limit = options.maxBodyBytes ?? ctx.config.maxBodyBytes;
  const method = info.method;
  const run = async (request: Request, params: Record<string, string | readonly string[] | undefined>): Promise<Response> => {
    const started = performance.now();
    const url = new URL(request.url);
    let violations: Violation[] = [];
    let orgId: number | null = null;
    let scenario: string | null = null;
    let response: Response;
    const force = async (prefer: Preference | undefined) => {
      if (!prefer || provider.name === 'control') return;
      const faults = prefer.scenario ? ctx.registry.get(prefer.scenario) : undefined;
      let forced = faults ? undefined : forcedByPreference(openapiDocument, info, prefer);
      if (faults) {
        const fault = faults.find((f) => f.operation === info.operationId || f.operation === '*');
        if (!fault) return;
        scenario = prefer.scenario!;
        if (fault.delay_ms) await new Promise((r) => setTimeout(r, fault.delay_ms));
        if (fault.network) fail(networkFault(fault.network));
        if (fault.example) forced = forcedByPreference(openapiDocument, info, { scenario: fault.example });
        else if (fault.status) forced = { status: fault.status, body: fault.body, headers: fault.headers ?? {}, scenario: scenario };
        if (!forced) return; // a pure latency fault: carry on normally
      }
      if (!forced) return;
      scenario = prefer.scenario ?? forced.scenario;
      fail(forced.body === undefined ? new Response(null, { status: forced.status, headers: forced.headers }) : json(forced.status, forced.body, forced.headers));
    };
    try {
      // A scenario named on the request (or bound by mock.use) wins over everything, auth included.
      const requested = parsePrefer(request.headers.get('prefer')) ?? (options.scenario ? { scenario: options.scenario } : undefined);
      let activeName = requested?.scenario ?? null;
      await force(requested);
      let body: unknown;
      let bodyError: string | undefined;
      let rawBody = '';
      if (!BODYLESS.has(request.method)) {
        const read = await readBody(request, limit);
        if (read === 'too-large') fail(provider.tooLarge());
        rawBody = read.text;
        if (read.text.trim() !== '') {
          try {
            body = JSON.parse(read.text);
          } catch {
            bodyError = 'is not valid JSON';
          }
        }
      }
      const auth = provider.authenticate(ctx, request, info);
      if (auth instanceof Response) fail(auth);
      orgId = provider.orgOf(auth);
      const active = ctx.scenarios;
      if (active.all !== null || active.byOrg.size > 0 || active.byKey.size > 0) {
        const key = provider.keyOf?.(auth) ?? null;
        const name = (key !== null ? active.byKey.get(key) : undefined) ?? (orgId !== null ? active.byOrg.get(orgId) : undefined) ?? active.all;
        if (name) {
          activeName ??= name;
          await force({ scenario: name });
        }
      }
      const stringParams: Record<string, string> = {};
      for (const [k, v] of Object.entries(params)) if (typeof v === 'string' && k !== '0') stringParams[k] = v;
      violations = validator.validateRequest(info.operationId, { params: stringParams, query: url.searchParams, headers: request.headers, body, bodyError });
      const early = violations.filter((v) => !v.location.startsWith('body'));
      if (early.length > 0) fail(provider.invalid(early, info));
      const bodyViolations = violations.filter((v) => v.location.startsWith('body'));
      response = await resolve({
        ctx,
        request,
        params: stringParams,
        query: url.searchParams,
        auth,
        info,
        scenario: activeName,
        rawBody,
        body<T>() {
          if (bodyViolations.length > 0) fail(provider.invalid(bodyViolations, info));
          return body as T;
        },
      });
    } catch (error) {
      if (isFailure(error)) response = error[FAILURE];
      else response = provider.serverError(info, error instanceof Error ? error.message : String(error));
    }
    // A network-error Response has immutable headers.
    if (response.type !== 'error') {
      response.headers.set('voicemock-version', VERSION);
      if (violations.length > 0) response.headers.set('voicemock-violations', JSON.stringify(violations));
    }
    ctx.journal.record({
      at: new Date(ctx.clock.now()).toISOString(),
      method: request.method,
      path: url.pathname,
      status: response.status,
      operation_id: info.operationId,
      matched: true,
      scenario,
      org_id: orgId,
      violations,
      duration_ms: Math.round((performance.now() - started) * 1000) / 1000,
    });
    return response;
  };
  const handler = http[method](info.mswPath, ({ request, params }) => run(request, params));
  directRoutes.set(handler, { method: method.toUpperCase(), path: info.path, prefix: null, run });
  return handler;
}

/**
 * The same operations without msw's matching machinery, for the node:http adapter's fast path
 * (msw's getResponse costs ~100 µs a request in clones and per-handler URL parsing).
 */
export interface DirectRoute {
  /** Upper case, or '*' for any. */
  method: string;
  /** The spec path with `{param}` segments; null for a prefix catch-all. */
  path: string | null;
  prefix: string | null;
  run(request: Request, params: Record<string, string>): Promise<Response>;
}

export const directRoutes = new WeakMap<HttpHandler, DirectRoute>();

/** Answers requests under a provider's prefix that match no operation, in its own envelope. */
export function unmatchedRoute(ctx: MockContext, pattern: string, notFound: () => Response): HttpHandler {
  const run = async (request: Request): Promise<Response> => {
    const response = notFound();
    response.headers.set('voicemock-version', VERSION);
    ctx.journal.record({
      at: new Date(ctx.clock.now()).toISOString(),
      method: request.method,
      path: new URL(request.url).pathname,
      status: response.status,
      operation_id: null,
      matched: false,
      scenario: null,
      org_id: null,
      violations: [],
      duration_ms: 0,
    });
    return response;
  };
  const handler = http.all(pattern, ({ request }) => run(request));
  // '*/superfone/*' → '/superfone/'
  directRoutes.set(handler, { method: '*', path: null, prefix: pattern.replace(/^\*/, '').replace(/\*$/, ''), run });
  return handler;
}
