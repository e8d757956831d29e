import { beforeAll, describe, expect, it } from 'vitest';
import { getResponse } from 'msw';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { expectNoViolations, installVoicemockMatchers } from '../../src/testing/vitest.ts';

installVoicemockMatchers();
let mock: Voicemock;
beforeAll(async () => {
  mock = await createVoicemock();
});

const send = (path: string, init: RequestInit) => getResponse(mock.handlers, new Request(`http://127.0.0.1:4010${path}`, init)) as Promise<Response>;

describe('contract kit', () => {
  it('toMatchOperation passes for a real response and fails for a wrong one', async () => {
    const response = await send('/superfone/sfvopi/apps', { headers: { 'x-api-key': mock.demo!.sfvopi.api_key } });
    await expect(response).toMatchOperation('listApps');
    await expect({ status: 200, body: { data: 'nope', message: 'success' } }).not.toMatchOperation('listApps');
    await expect({ status: 418, body: {} }).not.toMatchOperation('listApps');
  });

  it('expectNoViolations sees an off-contract request', async () => {
    await mock.reset();
    await send('/superfone/sfvopi/apps', { headers: { 'x-api-key': mock.demo!.sfvopi.api_key } });
    await expectNoViolations(mock);
    await send('/superfone/sfvopi/apps', { method: 'POST', headers: { 'x-api-key': mock.demo!.sfvopi.api_key, 'content-type': 'application/json' }, body: '{"name":1}' });
    await expect(expectNoViolations(mock)).rejects.toThrow(/body\.name must be string/);
  });
});
