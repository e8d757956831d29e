// Every delay of the mock runs on its clock: with a virtual clock nothing waits in wall time,
// and nothing happens before the clock is advanced to it. Fault latency and the stream's close
// grace are shown not to move before advance() and to move after; the inbound answer webhook
// has no delay of its own: it goes out once the request that placed the call is journaled.
import { afterEach, describe, expect, it } from 'vitest';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import type { StreamSocket } from '../../src/core/socket.ts';
import { CLOSE_GRACE_MS } from '../../src/sfvopi/engine/limits.ts';
import { createTimers } from '../../src/core/timers.ts';
import { createVirtualClock } from '../../src/core/clock.ts';

let mock: Voicemock | undefined;
afterEach(async () => {
  await mock?.reset();
  mock = undefined;
});

/** Lets every pending macrotask run: what is not on the clock would have happened by now. */
const turns = async (n = 20) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

const SFV = 'https://api.superfone.co.in/superfone/sfvopi';
const control = async (m: Voicemock, method: string, path: string, body?: unknown) => {
  const r = await m.fetch(`https://mock.test/__voicemock${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return r.json() as Promise<any>;
};
const received = async (m: Voicemock, name: string): Promise<unknown[]> => (await control(m, 'GET', `/receivers/${name}`)).received;

describe('the virtual clock governs every delay', () => {
  it('a fault with delay_ms answers after clock.advance, not before', async () => {
    mock = await createVoicemock({ scenarios: [{ name: 'slow', description: 'latency', faults: [{ operation: 'listApps', delay_ms: 5_000 }], steps: [] }] });
    let answered: Response | null = null;
    const pending = mock.fetch(`${SFV}/apps`, { headers: { 'x-api-key': mock.demo!.sfvopi.api_key, prefer: 'scenario=slow' } }).then((r) => (answered = r));
    await turns();
    expect(answered).toBeNull();
    await mock.clock.advance(4_999);
    expect(answered).toBeNull();
    await mock.clock.advance(1);
    await pending;
    expect(answered!.status).toBe(200);
  });

  it("an inbound call's answer webhook goes out after the placing request, at the same instant; the close grace of a silent server runs on the clock", async () => {
    const sockets: Array<{ sent: string[]; closeCalled: boolean }> = [];
    // A stream server that opens, takes frames, and never completes the close handshake.
    const connectWebSocket = (): StreamSocket => {
      const listeners = new Map<string, Array<(e: unknown) => void>>();
      const socket = { sent: [] as string[], closeCalled: false };
      sockets.push(socket);
      queueMicrotask(() => listeners.get('open')?.forEach((l) => l({})));
      return {
        readyState: 1,
        send: (data) => void socket.sent.push(data),
        close: () => void (socket.closeCalled = true),
        addEventListener: (type, listener) => void listeners.set(type, [...(listeners.get(type) ?? []), listener]),
      };
    };
    mock = await createVoicemock({ connectWebSocket });
    const m = mock;
    const key = m.demo!.sfvopi.api_key;
    const number = m.demo!.sfvopi.numbers[0]!;
    const headers = { 'x-api-key': key, 'content-type': 'application/json' };
    await control(m, 'PUT', '/receivers/answer', { body: { stream: { url: 'wss://peer.test/s', codec: 'PCMA', sample_rate: 8000, bidirectional: true } } });
    await control(m, 'PUT', '/receivers/hangup', {});
    const hook = (name: string) => `https://mock.test/__voicemock/receivers/${name}/hook`;
    const app = (await (await m.fetch(`${SFV}/apps`, { method: 'POST', headers, body: JSON.stringify({ name: 'A', answer_url: hook('answer'), hangup_url: hook('hangup') }) })).json()).data;
    await m.fetch(`${SFV}/apps/${app.app_id}/numbers`, { method: 'POST', headers, body: JSON.stringify({ voip_number: number }) });
    const before = m.clock.now();
    const journaled = new Set<string>();
    const off = m.on('journal', (e) => void journaled.add(String(e.operation_id)));
    let answerAfterPlacing: boolean | null = null;
    m.on('journal', (e) => {
      if (e.operation_id === 'receiveWebhook' && answerAfterPlacing === null) answerAfterPlacing = journaled.has('simulateInboundCall');
    });
    const call = await control(m, 'POST', '/sfvopi/calls/inbound', { to: number, from: '+919900000001', hangup_after_seconds: 2 });
    await turns();
    off();
    // No advance: the webhook has no delay, and it came after the placing request was journaled.
    expect(await received(m, 'answer')).toHaveLength(1);
    expect(answerAfterPlacing).toBe(true);
    expect(m.clock.now()).toBe(before);
    expect(sockets).toHaveLength(1);

    // The caller hangs up at 2 s; the server never acknowledges the close.
    await m.clock.advance(2_000);
    expect(sockets[0]!.closeCalled).toBe(true);
    await turns();
    expect((await control(m, 'GET', `/sfvopi/calls/${call.call_uuid}`)).ended).toBe(false);
    expect(await received(m, 'hangup')).toHaveLength(0);
    await m.clock.advance(CLOSE_GRACE_MS);
    expect((await control(m, 'GET', `/sfvopi/calls/${call.call_uuid}`)).ended).toBe(true);
    expect(await received(m, 'hangup')).toHaveLength(1);
  });
});

describe('createTimers', () => {
  it('clear() cancels every pending timer, and a sleeper never wakes after it', async () => {
    const clock = createVirtualClock();
    const timers = createTimers(clock);
    const fired: string[] = [];
    timers.setTimeout(() => fired.push('a'), 10);
    const b = timers.setTimeout(() => fired.push('b'), 20);
    let slept = false;
    void timers.sleep(30).then(() => (slept = true));
    expect(timers.size).toBe(3);
    timers.clearTimeout(b);
    await clock.advance(10);
    expect(fired).toEqual(['a']);
    expect(timers.size).toBe(1);
    timers.clear();
    await clock.advance(100);
    expect(slept).toBe(false);
    expect(timers.size).toBe(0);
  });

  it('contain keeps a failing callback from breaking the advance', async () => {
    const clock = createVirtualClock();
    const contained = createTimers(clock, { contain: true });
    const fired: number[] = [];
    contained.setTimeout(() => { throw new Error('engine bug'); }, 1);
    contained.setTimeout(() => fired.push(2), 2);
    await expect(clock.advance(5)).resolves.toBeUndefined();
    expect(fired).toEqual([2]);
  });
});
