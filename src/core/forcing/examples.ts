// Forcing a documented response by name. Every named example of an operation's responses in
// openapi.yaml is a scenario for that operation: `link_conflict` (or `link-conflict`) on
// linkNumber gives the 409, `create_app_failed` on createApp the 500, and so on. Scenarios from
// scenarios/*.yaml add fault profiles on top (faults.ts).
import type { OpenApiDocument, ResponseObject } from '../contract/document-types.ts';
import { resolveRef, type OperationInfo } from '../contract/operations.ts';
import type { Preference } from './prefer.ts';

export interface ForcedResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  scenario: string;
}

/** Headers a forced status needs to stay on contract. */
const REQUIRED_HEADERS: Record<string, Record<string, string>> = {
  '429': { 'Retry-After': '60' },
};

export const exampleKey = (name: string) => name.trim().toLowerCase().replace(/-/g, '_');

interface Candidate {
  status: string;
  example: string;
  value: unknown;
}

const candidatesCache = new WeakMap<OperationInfo, Candidate[]>();

function candidates(document: OpenApiDocument, info: OperationInfo): Candidate[] {
  let list = candidatesCache.get(info);
  if (list) return list;
  list = [];
  for (const [status, raw] of Object.entries(info.operation.responses)) {
    const response = resolveRef<ResponseObject>(document, raw);
    const media = response.content?.['application/json'];
    for (const [example, value] of Object.entries(media?.examples ?? {})) list.push({ status, example, value: value.value });
    if (media?.example !== undefined) list.push({ status, example: '', value: media.example });
  }
  candidatesCache.set(info, list);
  return list;
}

/**
 * The response a preference forces on this operation, or undefined when it names nothing this
 * operation documents (so a scenario only touches the operations it is about).
 */
export function forcedByPreference(document: OpenApiDocument, info: OperationInfo, prefer: Preference): ForcedResponse | undefined {
  const all = candidates(document, info);
  let pick: Candidate | undefined;
  const name = prefer.scenario ?? prefer.example;
  if (name) {
    const key = exampleKey(name);
    pick = all.find((c) => c.example === key && (!prefer.code || c.status === prefer.code));
  } else if (prefer.code) {
    pick = all.find((c) => c.status === prefer.code);
    if (!pick && prefer.code in info.operation.responses) pick = { status: prefer.code, example: '', value: undefined };
  }
  if (!pick || pick.status.startsWith('2')) return undefined;
  return {
    status: Number(pick.status),
    body: pick.value,
    headers: REQUIRED_HEADERS[pick.status] ?? {},
    scenario: prefer.scenario ?? (prefer.example ? `example=${prefer.example}` : `code=${prefer.code}`),
  };
}
