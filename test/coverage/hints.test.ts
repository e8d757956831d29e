// Every hint a report can print really produces its outcome: the test walks the report's
// items and carries out each hint as the data says, on a counter cleared before each one.
import { contextOf } from '../../src/internal.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVoicemock, type CoverageItem, type Voicemock } from '../../src/index.ts';
import { operationsOf } from '../../src/core/contract/operations.ts';
import { openapiDocument } from '../../src/generated/openapi-document.ts';
import { clearTally } from '../../src/core/coverage/tally.ts';
import { deliveryReceiver } from '../../src/voxifi/coverage.ts';
import { loadScenarios } from '../../src/scenarios/files.ts';
import { replayAll } from '../../src/scenarios/replay.ts';
import { inProcessTransport } from '../../src/scenarios/transport.ts';
import { createWorld, replyJson, startReceiver, startStreamServer, until, type Receiver, type StreamServer } from '../calls/peers.ts';

const items = (await createVoicemock()).coverage().items;
const byKind = (kind: CoverageItem['hint']['kind']) => items.filter((i) => i.hint.kind === kind);
const table = operationsOf(openapiDocument);
const HOST = 'https://prod-api.superfone.co.in';

const facedNow = (mock: Voicemock, id: string) => mock.coverage().items.find((i) => i.id === id)!.faced;

describe('scenario hints on an operation', () => {
  const direct = byKind('scenario').filter((i) => i.hint.kind === 'scenario' && !i.hint.then);
  let mock: Voicemock;
  beforeAll(async () => {
    mock = await createVoicemock();
  });

  it.each(direct.map((i) => [i.id, i] as const))('%s: Prefer: scenario=… on its operation', async (_id, item) => {
    if (item.hint.kind !== 'scenario') throw new Error('not a scenario hint');
    const info = table.get(item.hint.operation)!;
    clearTally(contextOf(mock));
    const path = info.path.replace(/\{[^}]+\}/g, 'x');
    const body = ['get', 'delete'].includes(info.method) ? undefined : '{}';
    const response = await mock.fetch(`${HOST}${path}`, { method: info.method.toUpperCase(), headers: { prefer: `scenario=${item.hint.scenario}`, 'content-type': 'application/json' }, body });
    expect(response.status).toBe(item.status);
    expect(facedNow(mock, item.id)).toBe(1);
  });

  it('a sample through mock.use() as well', async () => {
    const { setupServer } = await import('msw/node');
    const server = setupServer(...mock.handlers);
    server.listen();
    try {
      for (const item of direct.filter((i) => ['link-conflict', 'insufficient-balance', 'rate-limited'].includes(i.example!)).slice(0, 3)) {
        if (item.hint.kind !== 'scenario') continue;
        const info = table.get(item.hint.operation)!;
        clearTally(contextOf(mock));
        await server.boundary(async () => {
          server.use(...mock.use(item.example!));
          await fetch(`${HOST}${info.path.replace(/\{[^}]+\}/g, 'x')}`, { method: info.method.toUpperCase(), headers: { 'content-type': 'application/json' }, body: info.method === 'get' ? undefined : '{}' });
        })();
        expect(facedNow(mock, item.id), item.id).toBe(1);
      }
    } finally {
      server.close();
    }
  });
});

describe('scenario hints that fail a call', () => {
  let recv: Receiver;
  beforeAll(async () => {
    recv = await startReceiver();
  });
  afterAll(() => recv.close());

  it.each(byKind('scenario').filter((i) => i.hint.kind === 'scenario' && i.hint.then).map((i) => [i.id, i] as const))('%s', async (_id, item) => {
    if (item.hint.kind !== 'scenario') throw new Error('not a scenario hint');
    const withFallback = item.example === 'answer-and-fallback-failed';
    const world = await createWorld({ answer_url: recv.url('/answer'), ...(withFallback ? { fallback_answer_url: recv.url('/fallback') } : {}) });
    const key = contextOf(world.mock).store.apiKeys.all().find((k) => k.orgId === world.orgId && k.provider === 'sfvopi')!.key;
    const placed = await world.mock.fetch(`${HOST}/superfone/sfvopi/calls`, {
      method: 'POST',
      headers: { 'x-api-key': key, prefer: `scenario=${item.hint.scenario}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: world.number, to: '+919900000002', answer_url: recv.url('/answer') }),
    });
    expect(placed.status).toBe(200);
    await world.advance(15_000);
    await until(() => facedNow(world.mock, item.id) === 1, item.id);
  });
});

describe('callee hints: deliveries', () => {
  it.each(byKind('callee').filter((i) => i.operation === 'voxifiWebhookDelivery').map((i) => [i.id, i] as const))('%s', async (_id, item) => {
    if (item.hint.kind !== 'callee') throw new Error('not a callee hint');
    const mock = await createVoicemock();
    const org = await mock.createOrg({ voxifi: { balance: 50, agents: [{ name: 'A', phone_number: '+15550001111' }] } });
    const auth = { authorization: `Bearer ${org.voxifi.api_keys.Owner}`, 'content-type': 'application/json' };
    const receiver = deliveryReceiver(item.hint.behaviour)!;
    let url = 'http://127.0.0.1:9/hook';
    if (item.hint.behaviour !== 'retried-connection') {
      const put = await mock.fetch('http://127.0.0.1:4010/__voicemock/receivers/hint', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(receiver) });
      expect(put.status).toBe(200);
      url = 'http://127.0.0.1:4010/__voicemock/receivers/hint/hook';
    }
    const hook = await mock.fetch(`${HOST}/voxifi/v1/webhooks`, { method: 'POST', headers: auth, body: JSON.stringify({ url, events: ['call.completed'] }) });
    expect(hook.status).toBe(200);
    const agent = contextOf(mock).store.vxAgents.all().find((a) => a.orgId === org.org_id)!;
    const call = await mock.fetch(`${HOST}/voxifi/v1/calls`, { method: 'POST', headers: auth, body: JSON.stringify({ assistant_id: agent.id, customer_number: '+15005550004' }) });
    expect(call.status).toBe(200);
    for (let step = 0; step < 12 && facedNow(mock, item.id) === 0; step++) {
      await contextOf(mock).clock.advance(10_000);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(facedNow(mock, item.id)).toBeGreaterThan(0);
  });
});

describe('callee hints: the media stream', () => {
  let recv: Receiver;
  let streams: StreamServer;
  beforeAll(async () => {
    recv = await startReceiver();
    streams = await startStreamServer();
  });
  afterAll(async () => {
    await recv.close();
    await streams.close();
  });

  it('each stream message the report lists is produced by what its hint says', async () => {
    const stream = byKind('callee').filter((i) => i.operation === 'sfvopiMediaStream');
    expect(stream).toHaveLength(8);
    const world = await createWorld({ answer_url: recv.url('/answer') });
    recv.on('/answer', replyJson(200, { stream: { url: streams.url, codec: 'PCMA', sample_rate: 8000, direction: 'BOTH', bidirectional: true, stream_timeout: 3600 } }));
    const placed = await world.api.post('/calls', { from: world.number, to: '+918000000001', answer_url: recv.url('/answer') });
    expect(placed.status).toBe(200);
    await world.advance(2000);
    const peer = await until(() => streams.peers[0]?.messages[0] && streams.peers[0], 'stream start');
    await world.advance(100);
    const uuid = contextOf(world.mock).store.sfvCalls.all()[0]!.call_uuid;
    peer.send({ event: 'playAudio', media: { payload: Buffer.alloc(160, 0xd5).toString('base64'), contentType: 'audio/PCMA', sampleRate: 8000 } });
    peer.send({ event: 'checkpoint', name: 'x' });
    await until(() => facedNow(world.mock, 'sfvopiMediaStream received checkpoint'), 'checkpoint');
    await world.advance(100);
    peer.send({ event: 'clearAudio' });
    expect((await world.control('POST', `/sfvopi/calls/${uuid}/dtmf`, { digits: '1' })).status).toBe(200);
    for (const item of stream) await until(() => facedNow(world.mock, item.id) > 0, item.id);
  });
});

describe('request hints (a valid request)', () => {
  /** A valid request of every operation the replay stories do not call, in an order where each finds what it needs. */
  async function walk(mock: Voicemock): Promise<void> {
    const org = await mock.createOrg({ sfvopi: { numbers: ['+918000000031'] }, voxifi: { balance: 500, agents: [{ name: 'A', phone_number: '+15550003333' }] } });
    const send = async (method: string, path: string, body?: unknown) => {
      const headers: Record<string, string> = path.startsWith('/voxifi') ? { authorization: `Bearer ${org.voxifi.api_keys.Owner}` } : { 'X-API-Key': org.sfvopi.api_key };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await mock.fetch(`${HOST}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const json = await response.json();
      expect(response.status, `${method} ${path}: ${JSON.stringify(json)}`).toBe(200);
      return json;
    };
    const app = await send('POST', '/superfone/sfvopi/apps', { name: 'Walk', answer_url: 'https://example.com/answer' });
    await send('POST', `/superfone/sfvopi/apps/${app.data.app_id}/numbers`, { voip_number: '+918000000031' });
    await send('GET', `/superfone/sfvopi/apps/${app.data.app_id}/numbers`);
    await send('GET', `/superfone/sfvopi/numbers/${encodeURIComponent('+918000000031')}/app`);
    await send('GET', '/voxifi/v1/calls');
    await send('GET', '/voxifi/v1/agents');
    const agent = await send('POST', '/voxifi/v1/agents', { name: 'Walker' });
    await send('GET', `/voxifi/v1/agents/${agent.id}`);
    await send('PATCH', `/voxifi/v1/agents/${agent.id}`, { name: 'Walker 2' });
    await send('GET', '/voxifi/v1/phone-numbers');
    const number = await send('POST', '/voxifi/v1/phone-numbers', {});
    await send('POST', `/voxifi/v1/phone-numbers/${number.id}/assign`, { assistant_id: agent.id });
    await send('DELETE', `/voxifi/v1/phone-numbers/${number.id}`);
    await send('GET', '/voxifi/v1/webhooks');
    const hook = await send('POST', '/voxifi/v1/webhooks', { url: 'http://127.0.0.1:4010/__voicemock/receivers/walk/hook', events: ['call.completed'] });
    await send('GET', `/voxifi/v1/webhooks/${hook.id}`);
    await send('PATCH', `/voxifi/v1/webhooks/${hook.id}`, { enabled: false });
    await send('DELETE', `/voxifi/v1/webhooks/${hook.id}`);
    await send('GET', '/voxifi/v1/campaigns');
    const walker = contextOf(mock).store.vxAgents.all().find((a) => a.orgId === org.org_id && a.name === 'A')!;
    const campaign = await send('POST', '/voxifi/v1/campaigns', { name: 'March', assistant_id: walker.id, csv: 'phone_number\n+15551234567\n' });
    await send('GET', `/voxifi/v1/campaigns/${campaign.id}`);
    await send('POST', `/voxifi/v1/campaigns/${campaign.id}/start`);
    await send('POST', `/voxifi/v1/campaigns/${campaign.id}/pause`);
    await send('POST', `/voxifi/v1/campaigns/${campaign.id}/cancel`);
  }

  it('every operation answers its 2xx to a valid request (the replay stories, then a walk through the rest)', async () => {
    const scenarios = await loadScenarios('scenarios');
    const mock = await createVoicemock({ scenarios });
    await replayAll(inProcessTransport(mock), scenarios, { seed: 1 });
    await walk(mock);
    const unproven = mock.coverage().items.filter((i) => i.hint.kind === 'request' && i.faced === 0).map((i) => i.operation);
    expect(unproven).toEqual([]);
  });
});
