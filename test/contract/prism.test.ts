// Prism accepts openapi.yaml: `prism mock` starts on it and answers every operation with its
// documented success status when sent a valid request built from the spec's own examples.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openapiDocument } from '../../src/generated/openapi-document.ts';
import { operationsOf, resolveRef } from '../../src/core/contract/operations.ts';
import { freePort, startProcess, waitForHttp, type Started } from '../support/processes.ts';

const require = createRequire(import.meta.url);
const prismBin = require.resolve('@stoplight/prism-cli/dist/index.js');

const SAMPLE_PARAMS: Record<string, string> = {
  app_id: 'sfv_app_abc123xyz456',
  voip_number: '%2B918000000001',
};

let prism: Started;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  prism = startProcess([prismBin, 'mock', 'openapi.yaml', '--port', String(port), '--host', '127.0.0.1'], { SCARF_ANALYTICS: 'false' });
  await waitForHttp(`${base}/superfone/sfvopi/apps`, 60_000);
}, 90_000);

afterAll(async () => {
  await prism?.stop();
});

const operations = [...operationsOf(openapiDocument).values()];

describe('prism mock openapi.yaml', () => {
  it('has all 11 SFVoPI operations and the Voxifi ones', () => {
    expect(operations.filter((o) => o.path.startsWith('/superfone/')).length).toBe(11);
    expect(operations.filter((o) => o.path.startsWith('/voxifi/')).length).toBeGreaterThanOrEqual(20);
  });

  it.each(operations.map((o) => [o.operationId, o] as const))('answers %s with its success status', async (_id, op) => {
    const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => SAMPLE_PARAMS[name] ?? 'x_1');
    const headers: Record<string, string> = op.path.startsWith('/voxifi/')
      ? { authorization: 'Bearer vx_key_test' }
      : { 'x-api-key': 'sfv_key_test' };
    const body = op.operation.requestBody ? resolveRef(openapiDocument, op.operation.requestBody).content?.['application/json']?.example : undefined;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(base + path, { method: op.method.toUpperCase(), headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const success = Object.keys(op.operation.responses).find((s) => s.startsWith('2'));
    expect(`${response.status} ${text.slice(0, 300)}`).toMatch(new RegExp(`^${success} `));
  });
});
