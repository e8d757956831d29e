// The catalogue of forceable scenarios: every named non-2xx example in openapi.yaml, by name,
// with the operations it applies to and the documented status and message.
import type { OpenApiDocument, ResponseObject } from '../contract/document-types.ts';
import { operationsOf, resolveRef } from '../contract/operations.ts';

export interface CatalogEntry {
  name: string; // dash form, as used in `Prefer: scenario=<name>`
  status: number;
  message: string;
  template: string | null;
  operations: string[];
}

export function scenarioCatalog(document: OpenApiDocument): CatalogEntry[] {
  const byName = new Map<string, CatalogEntry>();
  for (const info of operationsOf(document).values()) {
    for (const [status, raw] of Object.entries(info.operation.responses)) {
      if (status.startsWith('2')) continue;
      const examples = resolveRef<ResponseObject>(document, raw).content?.['application/json']?.examples ?? {};
      for (const [key, example] of Object.entries(examples)) {
        const value = example.value as { message?: string; error?: { message?: string } } | undefined;
        const name = key.replace(/_/g, '-');
        const entryKey = `${name}|${status}`;
        const entry = byName.get(entryKey) ?? {
          name,
          status: Number(status),
          message: value?.message ?? value?.error?.message ?? '',
          template: example['x-voicemock-template'] ?? null,
          operations: [],
        };
        entry.operations.push(info.operationId);
        byName.set(entryKey, entry);
      }
    }
  }
  // The answer webhook's documented 502s: forced on a call placed (or simulated) with the name.
  for (const item of Object.values(document.webhooks ?? {})) {
    const extra = item.post?.['x-voicemock-provider-errors'] as Record<string, ResponseObject> | undefined;
    for (const [status, raw] of Object.entries(extra ?? {})) {
      const examples = resolveRef<ResponseObject>(document, raw).content?.['application/json']?.examples ?? {};
      for (const [key, example] of Object.entries(examples)) {
        const name = key.replace(/_/g, '-');
        byName.set(`${name}|${status}`, {
          name,
          status: Number(status),
          message: (example.value as { message: string }).message,
          template: example['x-voicemock-template'] ?? null,
          operations: ['initiateCall', 'simulateInboundCall'],
        });
      }
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name) || a.status - b.status);
}
