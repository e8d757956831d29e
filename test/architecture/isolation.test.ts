// Two mocks in one process never see each other: each has its own store, engines, bus,
// receivers, clock and scenarios. Everything here goes through mock.fetch.
import { describe, expect, it } from 'vitest';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import { contextOf } from '../../src/internal.ts';

async function send(mock: Voicemock, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await mock.fetch(`https://mock.test${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

// internal: a call's engine run (its timers) has no view of its own; the calls list would not show a leaked one.
const liveRuns = (mock: Voicemock) => contextOf(mock).engines.sfvopi.runs.size;

async function placeVoxifiCall(mock: Voicemock, receiver: string) {
  const key = mock.demo!.voxifi.api_keys.Owner!;
  const auth = { authorization: `Bearer ${key}` };
  await send(mock, 'PUT', `/__voicemock/receivers/${receiver}`, {});
  const hook = await send(mock, 'POST', '/voxifi/v1/webhooks', { url: `https://mock.test/__voicemock/receivers/${receiver}/hook`, events: ['call.started', 'call.ended', 'call.completed', 'call.failed'] }, auth);
  expect(hook.status).toBe(200);
  const call = await send(mock, 'POST', '/voxifi/v1/calls', { assistant_id: mock.demo!.voxifi.agents[0]!.id, customer_number: '+15005550004' }, auth);
  expect(call.status).toBe(200);
  return { id: call.body.id as string, auth };
}

describe('two mocks in one process', () => {
  it('keep their calls, deliveries, receivers, clocks and scenarios apart', async () => {
    const [a, b] = await Promise.all([createVoicemock({ seed: 1 }), createVoicemock({ seed: 1 })]);
    const events = { a: 0, b: 0 };
    a.on('voxifi.event', () => events.a++);
    b.on('voxifi.event', () => events.b++);

    const callA = await placeVoxifiCall(a, 'hooks-a');
    await a.clock.advance(60_000); // only a's clock moves
    expect(a.clock.now() - b.clock.now()).toBe(60_000);
    const [endedA, stillB] = [await send(a, 'GET', `/voxifi/v1/calls/${callA.id}`, undefined, callA.auth), await send(b, 'GET', '/voxifi/v1/calls', undefined, callA.auth)];
    expect(endedA.body.status).toBe('completed');
    // Same seed, same keys: b's demo org has the same key, and no call in it.
    expect(stillB.body.data).toEqual([]);
    expect(events.a).toBeGreaterThanOrEqual(3);
    expect(events.b).toBe(0);

    // a's webhook deliveries reached a's receiver, and b has no such receiver.
    // Deliveries settle in the background (signing, the in-process hop): wait for them, generously.
    let receivedA = await send(a, 'GET', '/__voicemock/receivers/hooks-a');
    for (const deadline = performance.now() + 10_000; (receivedA.body?.received?.length ?? 0) < 3 && performance.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 5));
      receivedA = await send(a, 'GET', '/__voicemock/receivers/hooks-a');
    }
    expect(receivedA.body.received.length).toBeGreaterThanOrEqual(3);
    expect((await send(b, 'GET', '/__voicemock/receivers/hooks-a')).status).toBe(404);
    expect((await send(b, 'GET', '/__voicemock/voxifi/deliveries')).body.data).toEqual([]);

    // A scenario switched on for everyone in a leaves b alone.
    const key = a.demo!.sfvopi.api_key;
    await send(a, 'PUT', '/__voicemock/scenarios/active', { scenario: 'list-apps-failed' });
    expect((await send(a, 'GET', '/superfone/sfvopi/apps', undefined, { 'x-api-key': key })).status).toBe(500);
    expect((await send(b, 'GET', '/superfone/sfvopi/apps', undefined, { 'x-api-key': key })).status).toBe(200);

    // SFVoPI inbound calls live in their own mock's runtime.
    const number = a.demo!.sfvopi.numbers[0]!;
    const app = await send(a, 'POST', '/superfone/sfvopi/apps', { name: 'A', answer_url: 'https://mock.test/__voicemock/receivers/answer/hook' }, { 'x-api-key': key });
    await send(a, 'PUT', '/__voicemock/scenarios/active', { scenario: null });
    const appB = await send(b, 'POST', '/superfone/sfvopi/apps', { name: 'B', answer_url: 'https://mock.test/__voicemock/receivers/answer/hook' }, { 'x-api-key': key });
    expect(appB.status).toBe(200);
    expect(app.status).toBe(200);
    expect((await send(a, 'POST', `/superfone/sfvopi/apps/${app.body.data.app_id}/numbers`, { voip_number: number }, { 'x-api-key': key })).status).toBe(200);
    // The answer webhook waits on a's clock, which stands still: the call stays live.
    expect((await send(a, 'PUT', '/__voicemock/receivers/answer', { delay_ms: 60_000 })).status).toBe(200);
    expect((await send(a, 'POST', '/__voicemock/sfvopi/calls/inbound', { to: number, from: '+919900000001' })).status).toBe(200);
    expect(liveRuns(a)).toBe(1);
    expect(liveRuns(b)).toBe(0);
    expect((await send(b, 'GET', '/__voicemock/sfvopi/calls')).body.data).toEqual([]);

    // Resetting one drops only its own state.
    await b.reset();
    expect(liveRuns(a)).toBe(1);
    await a.reset();
    expect(liveRuns(a)).toBe(0);
  });
});
