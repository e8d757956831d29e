// Every error documented in the seeds must be in openapi.yaml at its status, with its exact
// message as a named example. Placeholder messages are kept as `x-voicemock-template`.
import { describe, expect, it } from 'vitest';
import { openapiDocument } from '../../src/generated/openapi-document.ts';
import { resolveRef } from '../../src/core/contract/operations.ts';
import type { ResponseObject } from '../../src/core/contract/document-types.ts';
import { sfvopiSeedErrors, voxifiCallErrors, voxifiCallStatuses, voxifiHttpStatuses } from '../fixtures/seed-errors.ts';

interface Documented {
  provider: 'sfvopi' | 'voxifi';
  status: string;
  message: string;
  template?: string;
}

function documentedErrors(): Documented[] {
  const found: Documented[] = [];
  const visitResponses = (responses: Record<string, ResponseObject>, provider: Documented['provider']) => {
    for (const [status, raw] of Object.entries(responses)) {
      const response = resolveRef(openapiDocument, raw);
      const examples = response.content?.['application/json']?.examples ?? {};
      for (const example of Object.values(examples)) {
        const value = example.value as { message?: string; error?: { message?: string } } | undefined;
        const message = value?.message ?? value?.error?.message;
        if (message) found.push({ provider, status, message, template: example['x-voicemock-template'] });
      }
    }
  };
  const sections = [openapiDocument.paths, openapiDocument.webhooks ?? {}];
  for (const section of sections) {
    for (const item of Object.values(section)) {
      for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
        const operation = item[method];
        if (!operation) continue;
        const provider = operation.tags?.includes('voxifi') ? 'voxifi' : 'sfvopi';
        visitResponses(operation.responses, provider);
        const extra = operation['x-voicemock-provider-errors'] as Record<string, ResponseObject> | undefined;
        if (extra) visitResponses(extra, provider);
      }
    }
  }
  return found;
}

const documented = documentedErrors();
const templatePattern = (template: string) =>
  new RegExp('^' + template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(error|number|status|row)\\?\}/g, '.+') + '$');

describe('SFVoPI seed errors', () => {
  it.each(sfvopiSeedErrors)('$status $message is in the spec', ({ status, message }) => {
    const hasPlaceholder = /\{(error|number|status)\}/.test(message);
    const match = documented.find(
      (d) => d.provider === 'sfvopi' && d.status === String(status) && (hasPlaceholder ? d.template === message : d.message === message),
    );
    expect(match, `${status} ${message}`).toBeDefined();
  });

  it('every templated example instantiates its template', () => {
    for (const d of documented.filter((x) => x.template)) expect(d.message).toMatch(templatePattern(d.template!));
  });

  it('no undocumented 401 wording appears', () => {
    const allowed = new Set(sfvopiSeedErrors.filter((e) => e.status === 401).map((e) => e.message));
    for (const d of documented.filter((x) => x.provider === 'sfvopi' && x.status === '401')) expect(allowed).toContain(d.message);
  });
});

describe('Voxifi seed', () => {
  it.each(voxifiCallErrors)('call error %s is in the spec with a status', (message) => {
    expect(documented.some((d) => d.provider === 'voxifi' && d.message === message)).toBe(true);
  });

  it.each(voxifiHttpStatuses)('HTTP $status ($meaning) is used by the Voxifi operations', ({ status, meaning }) => {
    expect(documented.some((d) => d.provider === 'voxifi' && d.status === String(status)) || status === 200).toBe(true);
    if (status !== 200) expect(documented.some((d) => d.provider === 'voxifi' && d.status === String(status) && d.message === meaning)).toBe(true);
  });

  it('the 8 call statuses are exactly the VxCallStatus enum', () => {
    const schema = openapiDocument.components?.schemas?.VxCallStatus as { enum: string[] };
    expect(schema.enum).toEqual(voxifiCallStatuses);
  });

  it('the four documented events are webhooks', () => {
    const schema = openapiDocument.components?.schemas?.VxEventType as { enum: string[] };
    expect(schema.enum).toEqual(['call.started', 'call.ended', 'call.completed', 'call.failed']);
  });
});

describe('inferred parts are marked', () => {
  it('every Voxifi operation carries x-voicemock-inferred', () => {
    for (const [path, item] of Object.entries(openapiDocument.paths)) {
      if (!path.startsWith('/voxifi/')) continue;
      for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
        if (item[method]) expect(item[method]!['x-voicemock-inferred'], `${method} ${path}`).toBe(true);
      }
    }
  });
});
