// Clock control: read the clock; advance a virtual one; a real clock refuses (409), and on a
// real clock media flows without anyone advancing it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRealClock, createVoicemock, type Voicemock } from '../../src/index.ts';
import { VIRTUAL_EPOCH } from '../../src/core/clock.ts';
import { controlRequest, createWorld, replyJson, startReceiver, startStreamServer, until } from './peers.ts';

let mocks: Voicemock[] = [];
afterEach(async () => {
  for (const m of mocks) await m.reset();
  mocks = [];
});

describe('clock control', () => {
  it('reads and advances a virtual clock', async () => {
    const mock = await createVoicemock();
    mocks.push(mock);
    expect((await controlRequest(mock, 'GET', '/clock')).body).toEqual({ kind: 'virtual', now: new Date(VIRTUAL_EPOCH).toISOString() });
    const advanced = await controlRequest(mock, 'POST', '/clock/advance', { ms: 90_000 });
    expect(advanced.body).toEqual({ kind: 'virtual', now: new Date(VIRTUAL_EPOCH + 90_000).toISOString() });
    expect((await controlRequest(mock, 'POST', '/clock/advance', { ms: -1 })).status).toBe(400);
  });

  it('serialises concurrent advances', async () => {
    const mock = await createVoicemock();
    mocks.push(mock);
    const fired: number[] = [];
    for (const at of [10, 20, 30]) mock.clock.setTimeout(() => fired.push(mock.clock.now() - VIRTUAL_EPOCH), at);
    await Promise.all([controlRequest(mock, 'POST', '/clock/advance', { ms: 15 }), controlRequest(mock, 'POST', '/clock/advance', { ms: 15 })]);
    expect(fired).toEqual([10, 20, 30]);
    expect(mock.clock.now() - VIRTUAL_EPOCH).toBe(30);
  });

  it('answers 409 real_clock on a real clock', async () => {
    const mock = await createVoicemock({ clock: createRealClock() });
    mocks.push(mock);
    expect((await controlRequest(mock, 'GET', '/clock')).body.kind).toBe('real');
    const r = await controlRequest(mock, 'POST', '/clock/advance', { ms: 1000 });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('real_clock');
  });

  it('a real clock waits out a timer longer than the runtime takes (2^31-1 ms) instead of firing it at once', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const clock = createRealClock();
      const fired: string[] = [];
      const long = 2 ** 31 + 5000; // about 24.9 days
      clock.setTimeout(() => fired.push('long'), long);
      clock.setTimeout(() => fired.push('scaled'), 3 * long);
      const cancelled = clock.setTimeout(() => fired.push('cancelled'), long);
      vi.advanceTimersByTime(10);
      expect(fired).toEqual([]);
      clock.clearTimeout(cancelled);
      vi.advanceTimersByTime(long - 11);
      expect(fired).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(fired).toEqual(['long']);
      vi.advanceTimersByTime(2 * long);
      expect(fired).toEqual(['long', 'scaled']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('on a real clock (time scale 2) a call rings, answers and streams in real time', async () => {
    const recv = await startReceiver();
    const streams = await startStreamServer();
    try {
      recv.on('/answer', replyJson(200, { stream: { url: streams.url } }));
      const world = await createWorld({ answer_url: recv.url('/answer') });
      mocks.push(world.mock);
      // Scale 2, not more: the 10 s answer timeout is then 5 s of wall time, which a busy machine's
      // answer round trip never reaches (at scale 50 it was 200 ms, and the call failed under load).
      const realMock = await createVoicemock({ clock: createRealClock(2), seedDemoOrg: false });
      mocks.push(realMock);
      // Same set-up on the real-clock mock.
      const { sfvopiClient } = await import('../support/mock-client.ts');
      const org = await realMock.createOrg({ sfvopi: { numbers: ['+918000000003'] } });
      const api = sfvopiClient(realMock, org.sfvopi.api_key);
      const app = (await api.post('/apps', { name: 'Real', answer_url: recv.url('/answer') })).body.data.app_id;
      await api.post(`/apps/${app}/numbers`, { voip_number: '+918000000003' });
      const mockStart = realMock.clock.now();
      await api.post('/calls', { from: '+918000000003', to: '+918000000001', answer_url: recv.url('/answer') });
      // No advance: 2 s of ringing and 20 frames of 20 ms pass on the real clock by themselves
      // (1.2 s of wall time here); the generous wait only bounds a hang.
      await until(() => (streams.peers[0]?.messages.filter((m) => m.event === 'media').length ?? 0) >= 20, 'real-time media', 20_000);
      expect(realMock.clock.now() - mockStart).toBeGreaterThanOrEqual(2000 + 19 * 20);
    } finally {
      await recv.close();
      await streams.close();
    }
  }, 30_000);
});
