// Public entry: `createVoicemock()` gives msw handlers (for setupServer, setupWorker or the
// node:http adapter), the store, the clock and reset. Browser-safe: no Node-only imports.
import { getResponse, type HttpHandler } from 'msw';
import { isReceiverUrl } from './control/receivers.ts';
import { createJournal } from './core/journal.ts';
import { createIds } from './core/ids.ts';
import { createVirtualClock, type Clock } from './core/clock.ts';
import { createStore } from './core/store/store.ts';
import { createValidator } from './core/contract/validator.ts';
import { openapiDocument } from './generated/openapi-document.ts';
import { controlApiDocument } from './generated/control-api-document.ts';
import { DEFAULT_CONFIG, type MockConfig, type MockContext } from './core/context.ts';
import { controlHandlers } from './control/handlers.ts';
import { createOrg, type CreateOrgInput, type CreatedOrg } from './control/orgs.ts';
import type { Scenario } from './scenarios/types.ts';
import { sfvopiHandlers } from './sfvopi/handlers.ts';
import { voxifiHandlers } from './voxifi/handlers.ts';
import { globalWebSocketConnector, type ConnectWebSocket } from './core/socket.ts';

export { VERSION } from './core/version.ts';
export { createVirtualClock, createRealClock, type Clock } from './core/clock.ts';
export type { CreateOrgInput, CreatedOrg } from './control/orgs.ts';
export type { JournalEntry, Violation } from './core/journal.ts';
export { verifyWebhookSignature, signWebhook } from './webhooks/signature.ts';

export interface VoicemockOptions {
  /** Seed for ids and generated data (default 1). */
  seed?: number;
  /** Defaults to a virtual clock. */
  clock?: Clock;
  /** Ring buffer size of the request journal (default 1000). */
  journalCapacity?: number;
  /** Create the demo organisation on start and on every reset (default true). */
  seedDemoOrg?: boolean;
  config?: Partial<MockConfig>;
  /** Scenario files (see loadScenarios in voicemock/scenarios): their faults become nameable. */
  scenarios?: Scenario[];
  /** Used for outbound webhooks (default: globalThis.fetch as it is when the mock is created). */
  fetch?: typeof fetch;
  /** Opens SFVoPI media streams (default: globalThis.WebSocket as it is when the mock is created). */
  connectWebSocket?: ConnectWebSocket;
}

export interface Voicemock {
  handlers: HttpHandler[];
  ctx: MockContext;
  /** The demo organisation created on start and reset, when seedDemoOrg is on. */
  demo: CreatedOrg | null;
  reset(seed?: number): Promise<number>;
  createOrg(input?: CreateOrgInput): Promise<CreatedOrg>;
  /**
   * Handlers that answer every SFVoPI and Voxifi operation with a scenario switched on. Scope
   * them like any msw override: `server.boundary(() => { server.use(...mock.use('link-conflict')); … })`.
   */
  use(scenario: string): HttpHandler[];
}

/**
 * Outbound HTTP for webhooks: requests to a built-in receiver (/__voicemock/receivers/…/hook)
 * are answered by this mock's own handlers, whatever the host, so they work in-process too;
 * everything else goes to the network.
 */
function loopbackFetch(handlers: () => HttpHandler[], network: typeof fetch): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    // Everything else goes out exactly as given (an injected fetch sees the caller's arguments).
    if (!isReceiverUrl(url)) return network(input, init);
    const request = new Request(input, init);
    const signal = request.signal;
    const answered = getResponse(handlers(), request).then((r) => r ?? new Response(null, { status: 404 }));
    if (!signal) return answered;
    return new Promise<Response>((resolve, reject) => {
      const abort = () => reject(signal.reason ?? new DOMException('The operation was aborted.', 'AbortError'));
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort, { once: true });
      answered.then(resolve, reject);
    });
  };
}

export async function createVoicemock(options: VoicemockOptions = {}): Promise<Voicemock> {
  const startedAt = performance.now();
  const ctx: MockContext = {
    store: createStore(),
    clock: options.clock ?? createVirtualClock(),
    ids: createIds(options.seed ?? 1),
    journal: createJournal(options.journalCapacity ?? 1000),
    contract: createValidator(openapiDocument, 'openapi.json'),
    control: createValidator(controlApiDocument, 'control-api.json'),
    config: { ...DEFAULT_CONFIG, ...options.config },
    rateWindows: new Map(),
    // Set below: webhooks to voicemock's own receivers are answered in-process.
    fetch: globalThis.fetch,
    connectWebSocket: options.connectWebSocket ?? globalWebSocketConnector(),
    onReset: new Set(),
    scenarios: { all: null, byOrg: new Map(), byKey: new Map() },
    // Only scenarios with faults: the others are named after the documented example they reproduce.
    registry: new Map((options.scenarios ?? []).filter((s) => s.faults?.length).map((s) => [s.name, s.faults!])),
  };
  const seedDemo = options.seedDemoOrg ?? true;
  const mock: Voicemock = {
    handlers: [],
    ctx,
    demo: null,
    async reset(seed = ctx.ids.seed) {
      ctx.store.reset();
      ctx.journal.clear();
      ctx.rateWindows.clear();
      ctx.scenarios.byOrg.clear();
      ctx.scenarios.byKey.clear();
      for (const hook of ctx.onReset) hook();
      ctx.ids = createIds(seed);
      mock.demo = seedDemo ? await createOrg(ctx, { name: 'Demo organisation', voxifi: { agents: [{ name: 'Demo agent', phone_number: '+15550000001' }] } }) : null;
      return seed;
    },
    createOrg: (input) => createOrg(ctx, input),
    use: (scenario) => [...sfvopiHandlers(ctx, { scenario }), ...voxifiHandlers(ctx, { scenario })],
  };
  ctx.fetch = loopbackFetch(() => mock.handlers, options.fetch ?? globalThis.fetch.bind(globalThis));
  mock.handlers = [
    ...controlHandlers(ctx, { reset: (seed) => mock.reset(seed), startedAt }),
    ...sfvopiHandlers(ctx),
    ...voxifiHandlers(ctx),
  ];
  await mock.reset();
  return mock;
}
