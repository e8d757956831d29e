// Counting on the one path: the operation wrapper hands every answer here, whatever the
// transport, and engines hand the outcomes they settle (a call's answer-webhook failure).
import type { MockContext } from '../context.ts';
import { openapiDocument } from '../../generated/openapi-document.ts';
import { contractOutcomes, matchOutcome, type OutcomeDef } from './outcomes.ts';
import { countOutcome } from './tally.ts';

let index: Map<string, OutcomeDef[]> | undefined;

/** The contract's outcomes by `<operation> <status>`, built once. */
function outcomesAt(operation: string, status: number): OutcomeDef[] {
  if (!index) {
    index = new Map();
    for (const def of contractOutcomes(openapiDocument)) {
      const key = `${def.operation} ${def.status}`;
      index.set(key, [...(index.get(key) ?? []), def]);
    }
  }
  return index.get(`${operation} ${status}`) ?? [];
}

function parse(text: string | null): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Counts an operation's answer as faced. `bodyText` is the JSON answered, when the transport
 * has it as text; a status the operation does not document counts as nothing.
 */
export function countAnswer(ctx: MockContext, operation: string, status: number, bodyText: string | null, scenario: string | null, orgId: number | null): void {
  const candidates = outcomesAt(operation, status);
  if (candidates.length === 0) return;
  const def = candidates.length === 1 ? candidates[0]! : matchOutcome(candidates, operation, status, parse(bodyText), scenario);
  if (def) countOutcome(ctx, def.id, orgId);
}

/** Counts a documented failure settled outside a request (a webhook's `x-voicemock-provider-errors`). */
export function countSettled(ctx: MockContext, operation: string, status: number, message: string, scenario: string | null, orgId: number | null): void {
  countAnswer(ctx, operation, status, JSON.stringify({ message }), scenario, orgId);
}
