// What every handler can reach: state, time, ids, the journal and the contract validators.
import type { Clock } from './clock.ts';
import type { Ids } from './ids.ts';
import type { Journal } from './journal.ts';
import type { Store } from './store/store.ts';
import type { ContractValidator } from './contract/validator.ts';
import type { ConnectWebSocket } from './socket.ts';
import type { FaultProfiles } from './forcing/faults.ts';
import type { Bus } from './bus.ts';
import type { FileAccess } from './files.ts';
import type * as PromClient from 'prom-client';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import { DEFAULT_OUTBOUND_ACCESS, type OutboundAccess } from '../webhooks/url-guard.ts';

/** The options of createVoicemock's `config`. The parts of a mock add their own (core/part.ts). */
export interface MockConfig extends Limits, OutboundAccess {
  /** Largest request body accepted, in bytes (413 above it). */
  maxBodyBytes: number;
  /** What is kept of the audio a user's server plays on streams. */
  recording: RecordingConfig;
}

export interface RecordingConfig {
  /** Longest recording per stream, in seconds; later audio is dropped. */
  maxSeconds: number;
  /** Memory for all of a mock's recordings together, in bytes (16-bit PCM: 16,000 bytes per second at 8 kHz). */
  maxBytes: number;
  /** When set (Node only), every stream's recording is also written there as it plays: `<call_uuid>.wav`. */
  dir: string | null;
}

/**
 * The live engines of one mock (timers, in-flight requests, queues), made once by the parts that
 * own them (core/part.ts). Each part types its own field here, so core names none of them.
 */
export interface Engines {}

export interface MockContext {
  store: Store;
  engines: Engines;
  /** This mock's event bus. */
  bus: Bus;
  clock: Clock;
  ids: Ids;
  journal: Journal;
  contract: ContractValidator;
  control: ContractValidator;
  config: MockConfig;
  /** Outbound HTTP (webhooks). Captured at creation so msw interception of the test's own fetch does not swallow it. */
  fetch: typeof fetch;
  /** Opens media streams (we are the WebSocket client); undefined where the runtime has none. */
  connectWebSocket?: ConnectWebSocket;
  /** Reads and writes files (WAV files by path, recordings to disk); undefined where the runtime has none. */
  files?: FileAccess;
  /** Loads the metrics library (prom-client) on first use; undefined where it cannot run. */
  metricsLibrary?: () => Promise<typeof PromClient>;
  /** Called on reset, after the store is emptied: engines cancel their timers here. */
  onReset: Set<() => void>;
  /** Scenarios switched on outside the request: for everyone, per organisation, per API key. */
  scenarios: ActiveScenarios;
  /** Faults of the scenario files loaded, by scenario name. */
  faultProfiles: FaultProfiles;
}

export interface ActiveScenarios {
  all: string | null;
  byOrg: Map<number, string>;
  byKey: Map<string, string>;
}

/** Core's defaults; each part adds the defaults of its own options. */
export const CORE_CONFIG = {
  maxBodyBytes: 1024 * 1024,
  recording: { maxSeconds: 600, maxBytes: 64 * 1024 * 1024, dir: null },
  ...DEFAULT_LIMITS,
  ...DEFAULT_OUTBOUND_ACCESS,
} satisfies Partial<MockConfig>;
