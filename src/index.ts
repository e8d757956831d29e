// Public entry: `createVoicemock()` gives the mock's one way in, `mock.fetch`, and the adapters
// over it (msw handlers for setupServer or setupWorker; voicemock/server for node:http), the
// store, the clock and reset. Browser-safe: no Node-only imports.
import './supported-node.ts'; // first: one clear line on an unsupported Node
import type { HttpHandler } from 'msw';
import { isReceiverUrl } from './control/receivers.ts';
import { guardConnector, refuseOutbound } from './webhooks/url-guard.ts';
import { createJournal } from './core/journal.ts';
import { createIds } from './core/ids.ts';
import { createVirtualClock, type Clock } from './core/clock.ts';
import { createStore } from './core/store/store.ts';
import { createValidator } from './core/contract/validator.ts';
import { openapiDocument } from './generated/openapi-document.ts';
import { controlApiDocument } from './generated/control-api-document.ts';
import { CORE_CONFIG, type MockConfig, type MockContext } from './core/context.ts';
import { assembleEngines, type MockHooks, type MockPart } from './core/part.ts';
import { createBus, type BusEvents } from './core/bus.ts';
import type { Journal } from './core/journal.ts';
import { CONTEXT, contextOf } from './internal.ts';
import { runConversationOn, type ConverseOptions } from './converse/runner.ts';
import type { ConversationScript } from './converse/script.ts';
import type { ConversationResult } from './converse/result.ts';
import { changed } from './core/changes.ts';
import { conversePart } from './converse/part.ts';
import { createDispatch, type Dispatch, type DispatchOptions } from './core/dispatch.ts';
import { noSuchRoute } from './core/transport-errors.ts';
import { toFetchResponse } from './core/fetch-answer.ts';
import { voicemockHandler } from './msw/handler.ts';
import { createOrg, type CreateOrgInput, type CreatedOrg } from './control/orgs.ts';
import type { ReplayScript } from './scenarios/types.ts';
import { controlPart } from './control/part.ts';
import { sfvopiPart } from './sfvopi/part.ts';
import { voxifiPart } from './voxifi/part.ts';
import { loadPart } from './load/part.ts';
import { checkScenarioName } from './core/forcing/names.ts';
import { coverageReport } from './control/coverage.ts';
import { announceMock } from './core/coverage/registry.ts';
import type { CoverageReport } from './core/coverage/report.ts';
import { globalWebSocketConnector, type ConnectWebSocket } from './core/socket.ts';
import { NO_FILE_ACCESS, type FileAccess } from './core/files.ts';

export { VERSION } from './core/version.ts';
export { createVirtualClock, createRealClock, type Clock } from './core/clock.ts';
export type { CreateOrgInput, CreatedOrg } from './control/orgs.ts';
export type { JournalEntry, Violation } from './core/journal.ts';
// The event payloads' own modules, so a user's tsc sees every event `mock.on` names.
export type { VoxifiEvent } from './voxifi/webhook-events.ts';
export type { SfvCallEvent } from './sfvopi/model.ts';
export type {} from './sfvopi/engine/call-events.ts';
export type {} from './core/changes.ts';

/**
 * What `mock.on` can listen to, by event name: `journal` (every request, as journalled),
 * `changed` (a store table, the clock, the scenarios… changed), `voxifi.event` (a Voxifi call
 * event, before its webhooks go out) and `sfvopi.call-event` (an event of an SFVoPI call).
 */
export type VoicemockEvents = BusEvents;

/** The request journal as a test reads it: `list()` is newest first, at most `capacity` kept. */
export type VoicemockJournal = Omit<Journal, 'record'>;
export { verifyWebhookSignature, signWebhook } from './webhooks/signature.ts';
// The modules that add options to `config` (their declarations must reach a user's compiler).
export type { ControlConfig } from './control/access.ts';
export type { RateLimit } from './voxifi/rate-limit.ts';
export type { StreamDefaults } from './sfvopi/config.ts';
export type { CoverageReport, CoverageItem, CoverageTotals } from './core/coverage/report.ts';
export type { Hint } from './core/coverage/hints.ts';
export { mergeReports } from './core/coverage/report.ts';
export type { ConverseOptions } from './converse/runner.ts';
export { parseScript, ScriptError, DEFAULT_CONVERSE_LIMITS, type ConversationScript, type ConverseLimits, type Step, type Expectation, type Say } from './converse/script.ts';
export type { ConversationResult, Turn, TimelineEntry } from './converse/result.ts';

export interface VoicemockOptions {
  /** Seed for ids and generated data (default 1). */
  seed?: number;
  /** Defaults to a virtual clock. */
  clock?: Clock;
  /** Ring buffer size of the request journal (default 1000). */
  journalCapacity?: number;
  /** Create the demo organisation on start and on every reset (default true). */
  seedDemoOrg?: boolean;
  config?: Partial<Omit<MockConfig, 'recording'>> & { recording?: Partial<MockConfig['recording']> };
  /** Scenario files (see loadScenarios in voicemock/scenarios): their faults become nameable. */
  scenarios?: ReplayScript[];
  /** Used for outbound webhooks (default: globalThis.fetch as it is when the mock is created). */
  fetch?: typeof fetch;
  /** Opens SFVoPI media streams (default: globalThis.WebSocket as it is when the mock is created). */
  connectWebSocket?: ConnectWebSocket;
  /** File access for WAV files by path and `config.recording.dir` (Node: nodeCapabilities from voicemock/server). */
  files?: FileAccess;
  /** Loads prom-client for GET /__voicemock/metrics (Node: nodeCapabilities from voicemock/server). */
  metricsLibrary?: MockContext['metricsLibrary'];
}

export interface Voicemock {
  /**
   * The one way in: answers a request as the provider would, with no interception and no port.
   * Has fetch's signature, so any client that takes a fetch can use it. A scenario's network
   * fault rejects (reset) or fails the body part-way (truncated), as a real fetch would.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** For adapters: the same entry, with the typed Answer (faults as values) and pre-read bodies. */
  dispatch: Dispatch;
  /** msw handlers over `dispatch`, for setupServer and setupWorker. */
  handlers: HttpHandler[];
  /** The dispatch options of a handler from `handlers` or `use()`; undefined for any other (for adapters). */
  handlerOptions(handler: unknown): DispatchOptions | undefined;
  /**
   * The mock's clock: virtual unless `options.clock` says otherwise. Every delay of the mock
   * (timeouts, call durations, webhook retries) runs on it, so `await mock.clock.advance(10_000)`
   * plays ten seconds at once (what POST /__voicemock/clock/advance does).
   */
  readonly clock: Clock;
  /** Every request the mock answered, newest first (what GET /__voicemock/journal returns). */
  readonly journal: VoicemockJournal;
  /**
   * Listens to this mock's events (see VoicemockEvents); returns the unsubscribe function.
   * Listeners run synchronously as the event happens; one that throws never disturbs the mock.
   */
  on<K extends keyof VoicemockEvents>(event: K, listener: (payload: VoicemockEvents[K]) => void): () => void;
  /** @internal voicemock's own adapters reach the context through contextOf (src/internal.ts). */
  readonly [CONTEXT]: MockContext;
  /** The demo organisation created on start and reset, when seedDemoOrg is on. */
  demo: CreatedOrg | null;
  reset(seed?: number): Promise<number>;
  createOrg(input?: CreateOrgInput): Promise<CreatedOrg>;
  /**
   * Handlers that answer every SFVoPI and Voxifi operation with a scenario switched on. Scope
   * them like any msw override: `server.boundary(() => { server.use(...mock.use('link-conflict')); … })`.
   */
  use(scenario: string): HttpHandler[];
  /** Which documented outcomes this mock's clients have faced (all, or one organisation's), and how to face the rest. */
  coverage(options?: { orgId?: number }): CoverageReport;
}

/**
 * Outbound HTTP for webhooks: requests to a built-in receiver (/__voicemock/receivers/…/hook)
 * are answered by this mock itself, whatever the host, so they work in-process too;
 * everything else goes to the network.
 */
function loopbackFetch(local: (request: Request) => Promise<Response>, network: typeof fetch, config: MockConfig): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    // Refused as a failed connection, so every engine reports it the way it reports a dead host.
    const refusal = refuseOutbound(url, config);
    if (refusal) throw new TypeError('fetch failed', { cause: new Error(refusal) });
    // Everything else goes out exactly as given (an injected fetch sees the caller's arguments).
    if (!isReceiverUrl(url)) return network(input, init);
    const request = new Request(input, init);
    const signal = request.signal;
    const answered = local(request);
    return new Promise<Response>((resolve, reject) => {
      const abort = () => reject(signal.reason ?? new DOMException('The operation was aborted.', 'AbortError'));
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort, { once: true });
      answered.then(resolve, reject);
    });
  };
}

/** Everything a mock is made of, in one list: each part brings its tables, options, engines and routes. */
const PARTS: readonly MockPart[] = [controlPart, sfvopiPart, voxifiPart, loadPart, conversePart];

const guardedConnector = (connect: ConnectWebSocket | undefined, config: MockConfig) => (connect ? guardConnector(connect, config) : undefined);

function configOf(options: VoicemockOptions['config']): MockConfig {
  const defaults = Object.assign({}, CORE_CONFIG, ...PARTS.map((p) => p.config ?? {})) as MockConfig;
  return { ...defaults, ...options, recording: { ...defaults.recording, ...options?.recording } };
}

export async function createVoicemock(options: VoicemockOptions = {}): Promise<Voicemock> {
  const startedAt = performance.now();
  const bus = createBus();
  const config = configOf(options.config);
  if (config.recording.dir !== null && !options.files) throw new Error(`config.recording.dir is set, but ${NO_FILE_ACCESS}`);
  const ctx: MockContext = {
    store: createStore(PARTS.flatMap((p) => (p.store ? [p.store] : [])), (table) => changed(bus, table)),
    // Made once, below, by the parts: each engine needs the rest of the context.
    get engines() {
      return engines;
    },
    bus,
    clock: options.clock ?? createVirtualClock(),
    ids: createIds(options.seed ?? 1),
    journal: createJournal(options.journalCapacity ?? 1000),
    contract: createValidator(openapiDocument, 'openapi.json'),
    control: createValidator(controlApiDocument, 'control-api.json'),
    config,
    // Webhooks to voicemock's own receivers are answered in-process.
    fetch: loopbackFetch((request) => fetchLocal(request), options.fetch ?? globalThis.fetch.bind(globalThis), config),
    // The stream URL from the answer webhook is outbound too: refused as a failed connection.
    connectWebSocket: guardedConnector(options.connectWebSocket ?? globalWebSocketConnector(), config),
    files: options.files,
    metricsLibrary: options.metricsLibrary,
    onReset: new Set(),
    scenarios: { all: null, byOrg: new Map(), byKey: new Map() },
    // Only scenarios with faults: the others are named after the documented example they reproduce.
    faultProfiles: new Map((options.scenarios ?? []).filter((s) => s.faults?.length).map((s) => [s.name, s.faults!])),
  };
  const engines = assembleEngines(PARTS, ctx);
  const seedDemo = options.seedDemoOrg ?? true;
  const hooks: MockHooks = { reset: (seed) => mock.reset(seed), startedAt, api: (request) => fetchLocal(request) };
  const dispatch: Dispatch = createDispatch(PARTS.flatMap((p) => (p.routes ? [p.routes(ctx, hooks)] : [])));
  const own = new WeakMap<object, DispatchOptions>();
  const ownHandler = (options: DispatchOptions) => {
    const handler = voicemockHandler((request, o) => dispatch(request, o), options);
    own.set(handler, options);
    return handler;
  };
  const fetchLocal = async (request: Request) => {
    const answer = await dispatch(request);
    return answer === null ? noSuchRoute() : toFetchResponse(answer);
  };
  const mock: Voicemock = {
    fetch: (input, init) => fetchLocal(input instanceof Request && init === undefined ? input : new Request(input, init)),
    dispatch: (request, options) => dispatch(request, options),
    handlers: [ownHandler({})],
    handlerOptions: (handler) => (typeof handler === 'object' && handler !== null ? own.get(handler) : undefined),
    get clock() { return ctx.clock; },
    get journal() { return ctx.journal; },
    on: (event, listener) => ctx.bus.on(event, listener),
    [CONTEXT]: ctx,
    demo: null,
    async reset(seed = ctx.ids.seed) {
      ctx.store.reset();
      ctx.journal.clear();
      ctx.scenarios.byOrg.clear();
      ctx.scenarios.byKey.clear();
      for (const hook of ctx.onReset) hook();
      ctx.ids = createIds(seed);
      mock.demo = seedDemo ? await createOrg(ctx, { name: 'Demo organisation', voxifi: { agents: [{ name: 'Demo agent', phone_number: '+15550000001' }] } }) : null;
      changed(ctx.bus, 'reset');
      return seed;
    },
    createOrg: (input) => createOrg(ctx, input),
    // Requests that match no operation fall through to the handlers after it.
    coverage: (options) => coverageReport(ctx, options),
    use: (scenario) => [ownHandler({ scenario: checkScenarioName(ctx, scenario), operationsOnly: true })],
  };
  await mock.reset();
  announceMock(mock);
  return mock;
}

/**
 * Runs a conversation script (an object, or YAML/JSON text) against the agent whose answer
 * webhook is `options.answerUrl` (or the script's call.answer_url). On a virtual clock it moves
 * the clock itself. An agent that breaks a rule is a failed result; a script that cannot run
 * throws ScriptError.
 */
export function runConversation(mock: Voicemock, script: ConversationScript | string, options?: ConverseOptions): Promise<ConversationResult> {
  return runConversationOn({ ctx: contextOf(mock), fetch: mock.fetch }, script, options);
}
