// The shape of a scenario file (scenarios/scenario.schema.json is the checked definition).
// "Scenario" covers three things, named apart in the code: a forced example (a documented
// response named in Prefer: src/core/forcing/examples.ts), a fault profile (a file's `faults`,
// carried out by the operation wrapper: src/core/forcing/faults.ts), and a replay script (the
// whole story of a file entry, its state, faults and steps: ReplayScript, run by replay.ts).
import type { Fault } from '../core/forcing/faults.ts';

export type { Fault };
export type RoleName = 'Owner' | 'Admin' | 'Member';

export interface ScenarioOrg {
  sfvopi?: {
    numbers?: string[];
    apps?: Record<string, { name: string; answer_url: string; hangup_url?: string; fallback_answer_url?: string; status?: 'ACTIVE' | 'INACTIVE'; numbers?: string[] }>;
  };
  voxifi?: {
    balance?: number;
    roles?: RoleName[];
    agents?: Array<{ name: string; phone_number?: string }>;
    numbers?: string[];
    rate_limit?: { requests: number; per_seconds: number };
  };
}

export interface RequestStep {
  name?: string;
  as?: string;
  role?: RoleName;
  request: { method: string; path: string; headers?: Record<string, string>; body?: unknown; raw?: string };
  expect: { status: number; body?: unknown; headers?: Record<string, string> };
  save?: Record<string, string>;
  /** Re-send until the expectation holds, for at most this many ms of real time. */
  within_ms?: number;
}

export interface AdvanceStep {
  name?: string;
  advance_ms: number;
}

export type Step = RequestStep | AdvanceStep;

/** One entry of a scenario file: the story `voicemock replay` runs. */
export interface ReplayScript {
  name: string;
  description: string;
  reproduces?: { provider: 'sfvopi' | 'voxifi'; status?: number; message: string };
  given?: { orgs?: Record<string, ScenarioOrg> };
  faults?: Fault[];
  steps: Step[];
  /** Where it was read from (set by the loader). */
  file?: string;
}
