// A conversation script: how the call is set up, then the caller's steps and the expectations
// on the agent, in order. Read from YAML or JSON, checked against SCRIPT_SCHEMA and the limits
// below before anything runs, so a typo in a step or expectation name fails loudly.
import { parse as parseYaml } from 'yaml';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { SCRIPT_SCHEMA } from './script-schema.ts';

type AjvClass = typeof import('ajv/dist/2020.js').default;
const Ajv2020 = ((Ajv2020Module as unknown as { default?: AjvClass }).default ?? Ajv2020Module) as AjvClass;
let compiled: ValidateFunction | null = null;

/** What is wrong, naming the property a typo introduced (additionalProperties) rather than the oneOf noise. */
function describe(errors: ErrorObject[]): string[] {
  const named = errors.filter((e) => e.keyword === 'additionalProperties' || e.keyword === 'required' || e.keyword === 'pattern' || e.keyword === 'maximum' || e.keyword === 'minimum' || e.keyword === 'maxItems' || e.keyword === 'type' || e.keyword === 'const');
  return (named.length > 0 ? named : errors).map((e) => {
    const at = e.instancePath === '' ? 'the script' : e.instancePath.slice(1).replace(/\//g, '.');
    if (e.keyword === 'additionalProperties') return `${at}: unknown name "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    return `${at}: ${e.message ?? 'is invalid'}`;
  });
}

function schemaProblems(value: unknown): string[] {
  compiled ??= new Ajv2020({ strict: false, allErrors: true }).compile(SCRIPT_SCHEMA);
  if (compiled(value)) return [];
  return [...new Set(describe(compiled.errors ?? []))];
}

export type Say = { wav: string } | { utterance: string } | { tone_ms: number; frequency_hz?: number } | { text: string };

export interface Expectation {
  agent_speaks_within_ms?: number;
  agent_silent_for_ms?: number;
  agent_stops_within_ms?: number;
  checkpoint_acknowledged_within_ms?: number;
  agent_hangs_up_within_ms?: number;
  answer_webhook_within_ms?: number;
  no_protocol_violations?: true;
}

export type Step =
  | { say: Say }
  | { silence: number }
  | { dtmf: string }
  | { hangup: true }
  | { barge_in: { after_ms: number; say: Say } }
  | { expect: Expectation };

export interface ConversationScript {
  name: string;
  call?: { direction?: 'inbound' | 'outbound'; answer_url?: string };
  timeout_ms?: number;
  steps: Step[];
}

/** The bounds a script and a run are held to (all configurable; defaults documented in the README). */
export interface ConverseLimits {
  /** Bytes of one script file. */
  maxScriptBytes: number;
  /** Steps in one script (the schema also caps it at 1000). */
  maxSteps: number;
  /** Scripts read from one directory. */
  maxScripts: number;
  /** Conversations of one run: scripts × repeat. */
  maxCalls: number;
  /** Conversations at once. */
  maxConcurrency: number;
  /** Timeline entries kept per conversation; later ones are counted, not kept. */
  maxTimeline: number;
  /** Violations kept per conversation; later ones are counted, not kept. */
  maxViolations: number;
  /** Length of one thing the caller says (a WAV, a tone, text), in ms. */
  maxSayMs: number;
  /** Conversations a report keeps in full (failed ones first); the rest only add to its figures. */
  maxReportConversations: number;
}

export const DEFAULT_CONVERSE_LIMITS: ConverseLimits = {
  maxScriptBytes: 256 * 1024,
  maxSteps: 1000,
  maxScripts: 200,
  maxCalls: 10_000,
  maxConcurrency: 100,
  maxTimeline: 2000,
  maxViolations: 50,
  maxSayMs: 60_000,
  maxReportConversations: 50,
};

export const DEFAULT_TIMEOUT_MS = 60_000;

export class ScriptError extends Error {}

const EXPECTATION_NEEDS_BARGE = 'agent_stops_within_ms needs a barge_in step before it';

/** Checks a parsed script against the schema and the limits; answers it typed, or throws ScriptError. */
export function checkScript(value: unknown, limits: ConverseLimits = DEFAULT_CONVERSE_LIMITS, source = 'script'): ConversationScript {
  const violations = schemaProblems(value);
  if (violations.length > 0) throw new ScriptError(`${source}: ${violations.slice(0, 3).join('; ')}`);
  const script = value as ConversationScript;
  if (script.steps.length > limits.maxSteps) throw new ScriptError(`${source}: ${script.steps.length} steps, more than the limit of ${limits.maxSteps}`);
  let barged = false;
  for (const [i, step] of script.steps.entries()) {
    if ('barge_in' in step) barged = true;
    if ('expect' in step && step.expect.agent_stops_within_ms !== undefined && !barged) throw new ScriptError(`${source}: step ${i + 1}: ${EXPECTATION_NEEDS_BARGE}`);
  }
  return script;
}

/** Parses YAML (JSON is YAML too) and checks it; `source` names the file in messages. */
export function parseScript(text: string, source = 'script', limits: ConverseLimits = DEFAULT_CONVERSE_LIMITS): ConversationScript {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > limits.maxScriptBytes) throw new ScriptError(`${source}: ${bytes} bytes, more than the limit of ${limits.maxScriptBytes}`);
  let value: unknown;
  try {
    // Aliases can expand a small file into a huge one: YAML's own bound keeps that out.
    value = parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new ScriptError(`${source}: not YAML or JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  return checkScript(value, limits, source);
}
