// A fault profile: what a scenario file makes an operation do when that scenario is named
// (a documented example, any status and body, latency, or a network fault). Scenario files
// declare them; the operation wrapper carries them out.
export interface Fault {
  operation: string;
  example?: string;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delay_ms?: number;
  network?: 'reset' | 'truncated';
}

/** Fault profiles of the scenario files loaded, by scenario name. */
export type FaultProfiles = Map<string, Fault[]>;

/** A fault of the connection rather than of the answer. */
export type NetworkFault = NonNullable<Fault['network']>;
