// The one wrapper every operation goes through, whatever the transport: read and size-check
// the body, authenticate, validate against the contract, run the resolver, turn failures into
// the provider's own envelope, stamp headers and write the journal.
import type { MockContext } from './context.ts';
import type { OperationInfo } from './contract/operations.ts';
import type { Violation } from './journal.ts';
import { VERSION } from './version.ts';
import { openapiDocument } from '../generated/openapi-document.ts';
import { parsePrefer, type Preference } from './forcing/prefer.ts';
import { forcedByPreference } from './forcing/examples.ts';
import type { NetworkFault } from './forcing/faults.ts';
import { refuseUnknownPreference } from './forcing/names.ts';
import { countAnswer } from './coverage/count.ts';
import type { RouteSpec } from './router.ts';
import type { ContractValidator } from './contract/validator.ts';
import { createTimers } from './timers.ts';

export interface Provider<Auth> {
  /** For messages; core never branches on it. */
  name: string;
  /** Whether a scenario (Prefer, mock.use, one switched on) can force its answers. */
  forceable: boolean;
  /** Whether its answers count toward contract coverage. */
  covered: boolean;
  /** The contract its requests are checked against. */
  contract(ctx: MockContext): ContractValidator;
  /** Returns the caller's identity, or the provider's error response (401, 403, 429). */
  authenticate(ctx: MockContext, request: Request, info: OperationInfo): Auth | Response;
  orgOf(auth: Auth): number | null;
  /** The API key the caller used, for per-key scenarios. */
  keyOf?(auth: Auth): string | null;
  /** The organisation a request's credentials name, without checking or counting them: a forced answer's journal entry. */
  identify?(ctx: MockContext, request: Request): number | null;
  /** The provider's answer to a request that breaks the contract. */
  invalid(violations: Violation[], info: OperationInfo): Response;
  tooLarge(): Response;
  /** The provider's 500 for an unexpected failure inside an operation. */
  serverError(info: OperationInfo, detail: string): Response;
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
  /** Runs fn once this request's answer is journaled: work that must come after the request, with no delay. */
  afterAnswer(fn: () => void): void;
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

/**
 * A JSON Response that keeps the text it was made from, so a transport that writes bytes (the
 * node:http adapter) need not read it back through a Fetch body stream. Its Fetch body stream (most of
 * what making a Response costs) is only made when someone asks for it.
 */
export class JsonResponse extends Response {
  readonly jsonText: string;
  /** Made when someone asks for the body stream; the other readers answer from the text. */
  #stream: Response | undefined;
  #read = false;
  constructor(text: string, init: ResponseInit) {
    super(null, init);
    this.jsonText = text;
  }
  /** The text, once: a body is read at most once, as with any Response. */
  #take(): Promise<string> {
    if (this.bodyUsed) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    if (this.#stream) return this.#stream.text(); // the stream was handed out but not read
    this.#read = true;
    return Promise.resolve(this.jsonText);
  }
  override get body() {
    if (this.#read) return null;
    return (this.#stream ??= new Response(this.jsonText)).body;
  }
  override get bodyUsed() { return this.#read || (this.#stream?.bodyUsed ?? false); }
  override text() { return this.#take(); }
  override async json() { return JSON.parse(await this.#take()) as unknown; }
  override async bytes() { return new TextEncoder().encode(await this.#take()) as Uint8Array<ArrayBuffer>; }
  override async arrayBuffer() { return (await this.bytes()).buffer; }
  override async blob() { return new Blob([await this.#take()], { type: this.headers.get('content-type') ?? '' }); }
  override async formData() { return new Response(await this.#take(), { headers: this.headers }).formData(); }
  override clone(): Response {
    if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
    return new JsonResponse(this.jsonText, { status: this.status, statusText: this.statusText, headers: this.headers });
  }
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Response {
  return new JsonResponse(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/**
 * What an operation answers: a response, or a network fault that each transport carries out
 * in its own way (a failed fetch, a dropped connection, a body cut short). For 'truncated',
 * `response` holds the status, headers and the part of the body that gets through.
 */
export interface Answer {
  response: Response;
  fault: NetworkFault | null;
}

/** What gets through of a truncated answer: a JSON body broken off. */
export const TRUNCATED_BODY = '{"message":"';

/** Request-time inputs a transport may hand over with the Request. */
export interface RunOptions {
  /** The body text, when the transport has already read it (the Request then carries none). */
  body?: string;
  /** A scenario bound outside the request (mock.use): as if the request named it in Prefer. */
  scenario?: string;
}

/** A route of the one table: an operation, or a provider's catch-all for its prefix. */
export interface Route extends RouteSpec {
  operationId: string | null;
  run(request: Request, params: Record<string, string>, options?: RunOptions): Promise<Answer>;
}

class FaultThrown {
  readonly fault: NetworkFault;
  constructor(fault: NetworkFault) {
    this.fault = fault;
  }
}

const BODYLESS = new Set(['GET', 'HEAD', 'DELETE']);

async function readBody(request: Request, limit: number, prepared: string | undefined): Promise<{ text: string } | 'too-large'> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) return 'too-large';
  const text = prepared ?? (await request.text());
  // Byte length only matters once the text could exceed the limit.
  if (text.length * 3 > limit && new TextEncoder().encode(text).length > limit) return 'too-large';
  return { text };
}

export function defineOperation<Auth>(
  ctx: MockContext,
  provider: Provider<Auth>,
  info: OperationInfo,
  resolve: Resolver<Auth>,
  options: { maxBodyBytes?: number } = {},
): Route {
  const validator = provider.contract(ctx);
  const limit = options.maxBodyBytes ?? ctx.config.maxBodyBytes;
  // Fault latency, on the mock's clock. Never cleared: a delayed answer still goes to its caller.
  const delays = createTimers(ctx.clock);
  const method = info.method;
  const run = async (request: Request, params: Record<string, string>, runOptions: RunOptions = {}): Promise<Answer> => {
    const started = performance.now();
    const url = new URL(request.url);
    let violations: Violation[] = [];
    let orgId: number | null = null;
    let scenario: string | null = null;
    let response: Response;
    let fault: NetworkFault | null = null;
    const afterwards: Array<() => void> = [];
    const force = async (prefer: Preference | undefined) => {
      if (!prefer || !provider.forceable) return;
      const refusal = await refuseUnknownPreference(ctx, prefer);
      if (refusal) fail(refusal);
      const faults = prefer.scenario ? ctx.faultProfiles.get(prefer.scenario) : undefined;
      let forced = faults ? undefined : forcedByPreference(openapiDocument, info, prefer);
      if (faults) {
        const fault = faults.find((f) => f.operation === info.operationId || f.operation === '*');
        if (!fault) return;
        scenario = prefer.scenario!;
        if (fault.delay_ms) await delays.sleep(fault.delay_ms);
        if (fault.network) throw new FaultThrown(fault.network);
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
      const requested = parsePrefer(request.headers.get('prefer')) ?? (runOptions.scenario ? { scenario: runOptions.scenario } : undefined);
      let activeName = requested?.scenario ?? null;
      await force(requested);
      let body: unknown;
      let bodyError: string | undefined;
      let rawBody = '';
      if (!BODYLESS.has(request.method)) {
        const read = await readBody(request, limit, runOptions.body);
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
      const stringParams = params;
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
        afterAnswer: (fn) => void afterwards.push(fn),
        body<T>() {
          if (bodyViolations.length > 0) fail(provider.invalid(bodyViolations, info));
          return body as T;
        },
      });
    } catch (error) {
      if (isFailure(error)) response = error[FAILURE];
      else if (error instanceof FaultThrown) {
        fault = error.fault;
        response = fault === 'truncated' ? new Response(TRUNCATED_BODY, { status: 200, headers: { 'content-type': 'application/json' } }) : new Response(null, { status: 200 });
      } else response = provider.serverError(info, error instanceof Error ? error.message : String(error));
    }
    response.headers.set('voicemock-version', VERSION);
    if (violations.length > 0) response.headers.set('voicemock-violations', JSON.stringify(violations));
    // A scenario named on the request answers before authentication: name the org all the same.
    if (orgId === null && scenario !== null) orgId = provider.identify?.(ctx, request) ?? null;
    if (provider.covered && fault === null) countAnswer(ctx, info.operationId, response.status, response instanceof JsonResponse ? response.jsonText : null, scenario, orgId);
    const entry = ctx.journal.record({
      at: new Date(ctx.clock.now()).toISOString(),
      method: request.method,
      path: url.pathname,
      // A reset connection has no status; 0 is what a browser reports for a network error.
      status: fault === 'reset' ? 0 : response.status,
      operation_id: info.operationId,
      matched: true,
      scenario,
      org_id: orgId,
      violations,
      duration_ms: Math.round((performance.now() - started) * 1000) / 1000,
    });
    ctx.bus.emit('journal', entry);
    for (const fn of afterwards) fn();
    return { response, fault };
  };
  return { method: method.toUpperCase(), path: info.path, operationId: info.operationId, run };
}

/** Answers requests under a provider's prefix that match no operation, in its own envelope. */
export function unmatchedRoute(ctx: MockContext, prefix: string, notFound: () => Response): { prefix: string; route: Route } {
  const run = async (request: Request): Promise<Answer> => {
    const response = notFound();
    response.headers.set('voicemock-version', VERSION);
    const entry = ctx.journal.record({
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
    ctx.bus.emit('journal', entry);
    return { response, fault: null };
  };
  return { prefix, route: { method: '*', path: prefix, operationId: null, run } };
}

/** A provider's part of the route table: its operations, and the prefix it answers 404 under. */
export interface RouteSet {
  operations: Route[];
  prefixes: Array<{ prefix: string; route: Route }>;
}
