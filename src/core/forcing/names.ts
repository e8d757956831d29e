// Names that cannot be wrong: the one list of forceable scenario names (every named example of
// openapi.yaml, plus the fault profiles of the scenario files loaded), and the loud refusal of
// any other name, however it is given (Prefer, mock.use, --scenario, the control API).
import type { MockContext } from '../context.ts';
import { openapiDocument } from '../../generated/openapi-document.ts';
import { scenarioCatalog, type CatalogEntry } from './catalog.ts';
import { exampleKey } from './examples.ts';
import type { Preference } from './prefer.ts';
import { excerpt } from '../text.ts';

declare module '../context.ts' {
  interface Engines {
    /** Scenario files still loading (serve loads them after it listens): names wait for them before being refused. */
    namesPending?: Promise<unknown>;
  }
}

let catalog: CatalogEntry[] | undefined;
/** The forceable names of the contract, once per process (the document never changes). */
export const contractScenarios = (): CatalogEntry[] => (catalog ??= scenarioCatalog(openapiDocument));

export interface ForceableNames {
  /** Every named example of openapi.yaml, in dash form. */
  contract: string[];
  /** Scenario files loaded whose faults can be named. */
  files: string[];
}

export function forceableNames(ctx: MockContext): ForceableNames {
  return { contract: [...new Set(contractScenarios().map((e) => e.name))], files: [...ctx.faultProfiles.keys()] };
}

/** True when the name (dash or underscore form) can be forced on this mock. */
export function isForceable(ctx: MockContext, name: string): boolean {
  if (ctx.faultProfiles.has(name)) return true;
  const key = exampleKey(name);
  return contractScenarios().some((e) => exampleKey(e.name) === key);
}

/** Edit distance, for "did you mean": names are short, so the plain table is enough. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

export function closestName(name: string, known: string[]): string | null {
  // A provider prefix or suffix around a known name (voxifi-server-error for server-error).
  const inside = known.filter((k) => name.includes(k)).sort((x, y) => y.length - x.length)[0];
  if (inside) return inside;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

/** The one sentence every refusal gives: the name, the closest known one, and where the list is. */
export function unknownScenarioMessage(ctx: MockContext, name: string): string {
  const names = forceableNames(ctx);
  const known = [...names.contract, ...names.files];
  // A name past any real one's length is echoed cut short, and not compared letter by letter.
  const shown = excerpt(name, 100);
  const guess = name.length > 100 ? null : closestName(name, known);
  return `unknown scenario "${shown}"${guess ? ` (did you mean "${guess}"?)` : ''}; \`voicemock scenarios\` or GET /__voicemock/scenarios lists the ${known.length} known names`;
}

export class UnknownScenarioError extends Error {
  readonly code = 'VOICEMOCK_UNKNOWN_SCENARIO';
}

/** Returns the name when it can be forced; throws otherwise (mock.use, --scenario). */
export function checkScenarioName(ctx: MockContext, name: string): string {
  if (!isForceable(ctx, name)) throw new UnknownScenarioError(unknownScenarioMessage(ctx, name));
  return name;
}

/**
 * The status of voicemock's refusal of an unknown name on a request. No SFVoPI or Voxifi
 * operation documents 422, so a client cannot take it for the provider's answer, and a check
 * against openapi.yaml (toMatchOperation, Prism) fails on it.
 */
export const UNKNOWN_SCENARIO_STATUS = 422;

/** True when the name can be forced once the scenario files still loading, if any, have loaded. */
export async function isForceableSoon(ctx: MockContext, name: string): Promise<boolean> {
  if (isForceable(ctx, name)) return true;
  await ctx.engines.namesPending?.catch(() => {});
  return isForceable(ctx, name);
}

/** voicemock's own answer to a Prefer header naming a scenario or example nobody knows, or null. */
export async function refuseUnknownPreference(ctx: MockContext, prefer: Preference | undefined): Promise<Response | null> {
  const name = prefer?.scenario ?? prefer?.example;
  if (!name || (await isForceableSoon(ctx, name))) return null;
  const names = forceableNames(ctx);
  const body = { voicemock_error: { code: 'unknown_scenario', message: unknownScenarioMessage(ctx, name), known: names.contract, files: names.files } };
  return new Response(JSON.stringify(body), {
    status: UNKNOWN_SCENARIO_STATUS,
    headers: { 'content-type': 'application/json', 'voicemock-error': 'unknown-scenario' },
  });
}
