// The denominator of contract coverage, read from the contract: every documented response of
// every operation, one outcome per named example (with its exact message), and the failures a
// webhook documents beyond its responses (`x-voicemock-provider-errors`). Providers add the
// outcomes the contract describes only in prose (deliveries, stream messages) as plain data.
import type { OpenApiDocument, OperationObject, ResponseObject } from '../contract/document-types.ts';
import { resolveRef } from '../contract/operations.ts';
import { exampleKey } from '../forcing/examples.ts';
import type { Hint } from './hints.ts';

export interface OutcomeDef {
  /** Stable across runs and versions of a report: `<operation> <status>[ <example>]` or `<operation> <key>`. */
  id: string;
  provider: string;
  operation: string;
  /** The HTTP status, or null for an outcome without one (a stream message, a delivery). */
  status: number | null;
  /** The documented message (its template when it has placeholders), or null. */
  message: string | null;
  /** The example's name in dash form, when the outcome is a named example (a forceable scenario). */
  example: string | null;
  hint: Hint;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function messageOf(value: unknown): string | null {
  const v = value as { message?: unknown; error?: { message?: unknown } } | undefined;
  const message = v?.message ?? v?.error?.message;
  return typeof message === 'string' ? message : null;
}

function responseOutcomes(document: OpenApiDocument, operation: OperationObject, responses: Record<string, ResponseObject>, forcedOn: string | null): OutcomeDef[] {
  const provider = operation.tags?.[0] ?? 'unknown';
  const id = operation.operationId;
  const found: OutcomeDef[] = [];
  for (const [status, raw] of Object.entries(responses)) {
    if (!/^\d{3}$/.test(status)) continue;
    const code = Number(status);
    const examples = resolveRef<ResponseObject>(document, raw).content?.['application/json']?.examples ?? {};
    const named = status.startsWith('2') ? [] : Object.entries(examples);
    if (named.length === 0) {
      const hint: Hint = code < 300 ? { kind: 'request', operation: id } : { kind: 'code', operation: id, code };
      found.push({ id: `${id} ${status}`, provider, operation: id, status: code, message: null, example: null, hint });
      continue;
    }
    for (const [key, example] of named) {
      const name = key.replace(/_/g, '-');
      const message = example['x-voicemock-template'] ?? messageOf(example.value);
      const hint: Hint = forcedOn
        ? { kind: 'scenario', scenario: name, operation: forcedOn, then: `${id} fails this way once the call is answered` }
        : { kind: 'scenario', scenario: name, operation: id };
      found.push({ id: `${id} ${status} ${name}`, provider, operation: id, status: code, message, example: name, hint });
    }
  }
  return found;
}

const cache = new WeakMap<OpenApiDocument, OutcomeDef[]>();

/** Every outcome openapi.yaml documents, in document order. */
export function contractOutcomes(document: OpenApiDocument): OutcomeDef[] {
  const cached = cache.get(document);
  if (cached) return cached;
  const found: OutcomeDef[] = [];
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) found.push(...responseOutcomes(document, operation, operation.responses, null));
    }
  }
  // A webhook's documented failures are forced on the operation that starts it (the call).
  for (const item of Object.values(document.webhooks ?? {})) {
    const operation = item.post;
    const extra = operation?.['x-voicemock-provider-errors'] as Record<string, ResponseObject> | undefined;
    const startedBy = operation?.['x-voicemock-started-by'] as string | undefined;
    if (operation && extra) found.push(...responseOutcomes(document, operation, extra, startedBy ?? null));
  }
  cache.set(document, found);
  return found;
}

const templatePattern = (template: string) =>
  new RegExp('^' + template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[a-z_]+\\?\}/g, '.+') + '$', 's');

/**
 * Which outcome a response of an operation is: by the scenario that forced it, else by its
 * message against the documented ones, else by the error code of its envelope, else the first
 * documented one of that status. Null when the operation does not document the status.
 */
export function matchOutcome(defs: readonly OutcomeDef[], operation: string, status: number, body: unknown, scenario: string | null): OutcomeDef | null {
  const candidates = defs.filter((d) => d.operation === operation && d.status === status);
  if (candidates.length <= 1) return candidates[0] ?? null;
  const key = scenario ? exampleKey(scenario) : null;
  const byScenario = key ? candidates.find((d) => d.example !== null && exampleKey(d.example) === key) : undefined;
  if (byScenario) return byScenario;
  const message = messageOf(body);
  if (message !== null) {
    const exact = candidates.find((d) => d.message === message) ?? candidates.find((d) => d.message !== null && templatePattern(d.message).test(message));
    if (exact) return exact;
  }
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  if (typeof code === 'string') {
    const byCode = candidates.find((d) => d.example !== null && exampleKey(d.example) === code);
    if (byCode) return byCode;
  }
  return candidates[0]!;
}
