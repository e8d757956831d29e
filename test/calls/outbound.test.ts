// Outbound SFVoPI calls end to end against real peers on 127.0.0.1: ring → answer → stream with
// audio both ways → hangup, and the ways a call ends without being answered or by its limits.
import { describe, expect, it } from 'vitest';
import { decodeAlaw, encodeAlaw } from '../../src/audio/g711.ts';
import { parseWav } from '../../src/audio/wav.ts';
import { VIRTUAL_EPOCH } from '../../src/core/clock.ts';
import { type CallView, createWorld, eventTypes, expectSchema, type Peer, replyJson, until, useCallPeers } from './peers.ts';

const peers = useCallPeers(async (p) => {
  p.world = await createWorld({ answer_url: p.recv.url('/app-answer') });
});

const CALLEE = '+918000000001';
const iso = (offsetMs: number) => new Date(VIRTUAL_EPOCH + offsetMs).toISOString();

const streamJson = (extra: Record<string, unknown> = {}) => ({ stream: { url: peers.streams.url, codec: 'PCMA', sample_rate: 8000, direction: 'BOTH', bidirectional: true, ...extra } });

async function behave(behaviour: Record<string, unknown>, number = CALLEE) {
  const r = await peers.world.control('POST', '/sfvopi/callee-behaviour', { number, behaviour });
  expect(r.status).toBe(200);
  return r.body;
}

async function place(body: Record<string, unknown> = {}): Promise<{ uuid: string; requestUuid: string }> {
  const r = await peers.world.api.post('/calls', {
    from: peers.world.number, to: CALLEE, answer_url: peers.recv.url('/answer'), ring_url: peers.recv.url('/ring'), hangup_url: peers.recv.url('/hangup'), ...body,
  });
  expect(r.status).toBe(200);
  const call = (await peers.world.calls()).find((c) => c.request_uuid === r.body.data.request_uuid);
  expect(call).toBeDefined();
  return { uuid: call.call_uuid, requestUuid: r.body.data.request_uuid };
}

const live = (uuid: string): Promise<CallView> => peers.world.call(uuid);
const received = (path: string) => peers.recv.received.filter((r) => r.path === path);
const hangupWebhook = () => until(() => received('/hangup')[0], 'hangup webhook');
const media = (peer: Peer) => peer.messages.filter((m) => m.event === 'media');
const fromB64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
const toB64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

function tone(samples: number, hz: number, rate = 8000): Int16Array {
  return Int16Array.from({ length: samples }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rate)));
}

async function streamingCall(extraStream: Record<string, unknown> = {}, body: Record<string, unknown> = {}) {
  peers.recv.on('/answer', replyJson(200, streamJson(extraStream)));
  const placed = await place(body);
  await peers.world.advance(2000); // default callee: answers after 2 s
  const peer = await until(() => peers.streams.peers[0]?.messages[0] && peers.streams.peers[0], 'stream start');
  return { ...placed, peer };
}

describe('a full outbound call', () => {
  it('rings, answers, streams audio both ways, and hangs up COMPLETED', async () => {
    await behave({ type: 'answer', after_seconds: 3, hangup_after_seconds: null, audio: { type: 'tone', frequency_hz: 440 } });
    peers.recv.on('/answer', replyJson(200, streamJson({ stream_timeout: 3600 })));
    const { uuid, requestUuid } = await place();

    // Ring webhook at once, on the clock's start.
    const ring = await until(() => received('/ring')[0], 'ring webhook');
    expectSchema(peers.world.mock, 'RingWebhookPayload', ring.body);
    expect(ring.body).toEqual({ call_uuid: uuid, request_uuid: requestUuid, from: peers.world.number, to: CALLEE, direction: 'OUTBOUND', call_status: 'RINGING', started_at: iso(0) });
    expect(uuid).toMatch(/^call-uuid-\d+-[a-z0-9]{6}$/);

    // The callee answers after 3 s of clock.
    await peers.world.advance(2999);
    expect((await live(uuid)).status).toBe('RINGING');
    await peers.world.advance(1);
    expect((await live(uuid)).status).toBe('IN_PROGRESS');
    const answer = await until(() => received('/answer')[0], 'answer webhook');
    expectSchema(peers.world.mock, 'AnswerWebhookPayload', answer.body);
    expect(answer.body).toEqual({ call_uuid: uuid, request_uuid: requestUuid, from: peers.world.number, to: CALLEE, direction: 'OUTBOUND', call_status: 'IN_PROGRESS', answered_at: iso(3000) });
    expect(answer.headers['content-type']).toBe('application/json');

    // start, then 50 media frames of 160 A-law bytes per second of clock.
    const peer = await until(() => peers.streams.peers[0]?.messages[0] && peers.streams.peers[0], 'stream start');
    const start = peer.messages[0];
    expectSchema(peers.world.mock, 'WsStart', start);
    expect(start.streamId).toMatch(/^SFV_STRM_BI_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(start.callId).toBe(uuid);
    const streamId = start.streamId;
    await peers.world.advance(1000);
    await until(() => media(peer).length >= 50, '50 media frames');
    expect(media(peer)).toHaveLength(50);
    for (const m of media(peer)) {
      expectSchema(peers.world.mock, 'WsMedia', m);
      expect(m.streamId).toBe(streamId);
      expect(m.media).toMatchObject({ contentType: 'audio/PCMA', sampleRate: 8000 });
      expect(fromB64(m.media.payload)).toHaveLength(160);
    }
    const heard = decodeAlaw(fromB64(media(peer)[10]!.media.payload));
    expect(Math.max(...heard)).toBeGreaterThan(8000); // the callee's 440 Hz tone, not silence

    // playAudio of 200 ms, then a checkpoint: playedStream once it has played on the clock.
    const prompt = tone(1600, 1000);
    const encodedPrompt = encodeAlaw(prompt);
    peer.send({ event: 'playAudio', media: { payload: toB64(encodedPrompt), contentType: 'audio/PCMA', sampleRate: 8000 } });
    peer.send({ event: 'checkpoint', streamId, name: 'greeting' });
    await until(async () => eventTypes((await live(uuid))).includes('checkpoint'), 'checkpoint received');
    expect((await live(uuid)).stream!.queued_ms).toBe(200);
    await peers.world.advance(180);
    expect(eventTypes((await live(uuid)))).not.toContain('played_stream');
    await peers.world.advance(20);
    const played = await until(() => peer.messages.find((m: any) => m.event === 'playedStream'), 'playedStream');
    expectSchema(peers.world.mock, 'WsPlayedStream', played);
    expect(played).toEqual({ event: 'playedStream', streamId, name: 'greeting' });

    // clearAudio drops what is queued (and its checkpoint) and is acknowledged.
    peer.send({ event: 'playAudio', media: { payload: toB64(encodeAlaw(tone(8000, 500))) } });
    peer.send({ event: 'checkpoint', name: 'never' });
    peer.send({ event: 'clearAudio', streamId });
    const cleared = await until(() => peer.messages.find((m: any) => m.event === 'clearedAudio'), 'clearedAudio');
    expectSchema(peers.world.mock, 'WsClearedAudio', cleared);
    expect(cleared).toEqual({ event: 'clearedAudio', streamId });
    expect((await live(uuid)).events.find((e) => e.type === 'clear_audio')!.detail).toEqual({ dropped_checkpoints: ['never'] });
    expect((await live(uuid)).stream!.queued_ms).toBe(0);

    // DTMF from the simulated callee.
    const dtmf = await peers.world.control('POST', `/sfvopi/calls/${uuid}/dtmf`, { digits: '4#' });
    expect(dtmf.body).toEqual({ call_uuid: uuid, sent: ['4', '#'] });
    const digits = await until(() => { const d = peer.messages.filter((m: any) => m.event === 'dtmf'); return d.length === 2 && d; }, 'dtmf');
    for (const d of digits) expectSchema(peers.world.mock, 'WsDtmf', d);
    expect(digits.map((d: any) => d.dtmf.digit)).toEqual(['4', '#']);
    expect(digits[0].streamId).toBe(streamId);

    // Every message we sent matches the provider-message schema.
    for (const m of peer.messages) expectSchema(peers.world.mock, 'WsProviderMessage', m);

    // The recording holds exactly the 200 ms that played.
    const wav = await peers.world.control('GET', `/sfvopi/calls/${uuid}/recording.wav`);
    expect(wav.status).toBe(200);
    expect(wav.headers.get('content-type')).toBe('audio/wav');
    const recording = parseWav(wav.bytes);
    expect(recording.sampleRate).toBe(8000);
    expect(Array.from(recording.samples)).toEqual(Array.from(decodeAlaw(encodedPrompt)));
    // By the request_uuid that POST /calls answered with, too: the caller's only id until the answer webhook.
    expect(Buffer.from((await peers.world.control('GET', `/sfvopi/calls/${requestUuid}/recording.wav`)).bytes)).toEqual(Buffer.from(wav.bytes));
    expect((await peers.world.control('GET', `/sfvopi/calls/${requestUuid}`)).body.call_uuid).toBe(uuid);

    // 5 s of talk, then the callee hangs up: stream closes, then the hangup webhook.
    await peers.world.advance(3800);
    const hung = await peers.world.control('POST', `/sfvopi/calls/${uuid}/hangup`);
    expect(hung.body.status).toBe('COMPLETED');
    const hangup = await hangupWebhook();
    expectSchema(peers.world.mock, 'HangupWebhookPayload', hangup.body);
    expect(hangup.body).toEqual({
      call_uuid: uuid, request_uuid: requestUuid, from: peers.world.number, to: CALLEE, direction: 'OUTBOUND', call_status: 'COMPLETED',
      duration: 5, started_at: iso(0), answer_at: iso(3000), ended_at: iso(8000), hangup_cause: '16',
    });
    await until(() => peer.closed, 'stream closed');
    const call = await until(async () => (await live(uuid)).ended && (await live(uuid)), 'call ended');
    const types = eventTypes(call);
    expect(types.indexOf('stream_closed')).toBeLessThan(types.indexOf('hangup_webhook'));
    expect(types.slice(0, 2)).toEqual(['queued', 'ringing']);
    expect(call.events.find((e) => e.type === 'ring_webhook')).toMatchObject({ status: 200 });
    expect((await peers.world.control('POST', `/sfvopi/calls/${uuid}/hangup`)).status).toBe(409);
  });

  it('uses the from-number app\'s fallback_answer_url and hangup_url when the call has none', async () => {
    const app = await peers.world.api.put(`/apps/${peers.world.appId}`, { fallback_answer_url: peers.recv.url('/fallback'), hangup_url: peers.recv.url('/app-hangup') });
    expect(app.status).toBe(200);
    peers.recv.on('/answer', replyJson(500, {}));
    peers.recv.on('/fallback', replyJson(200, streamJson()));
    const { uuid } = await place({ hangup_url: undefined });
    await peers.world.advance(2000);
    await until(() => peers.streams.peers[0]?.messages[0], 'stream start');
    expect(received('/fallback')[0]!.body.call_uuid).toBe(uuid);
    await peers.world.control('POST', `/sfvopi/calls/${uuid}/hangup`);
    const hangup = await until(() => received('/app-hangup')[0], 'app hangup webhook');
    expect(hangup.body).toMatchObject({ call_uuid: uuid, call_status: 'COMPLETED' });
  });

  it('the default callee answers after 2 s and hangs up after 30 s of talk', async () => {
    const { uuid } = await streamingCall();
    await peers.world.advance(30_000);
    const hangup = await hangupWebhook();
    expect(hangup.body).toMatchObject({ call_uuid: uuid, call_status: 'COMPLETED', hangup_cause: '16', duration: 30, answer_at: iso(2000), ended_at: iso(32_000) });
    expect(eventTypes((await live(uuid)))).toContain('callee_hangup');
  });

  it.each([
    ['PCMU', 8000, 160, 'audio/PCMU'],
    ['L16', 8000, 320, 'audio/x-l16'],
    ['L16', 16000, 640, 'audio/x-l16'],
    ['L16', 44100, 1764, 'audio/x-l16'],
  ])('%s at %i Hz sends %i-byte frames', async (codec, rate, bytes, contentType) => {
    const { peer } = await streamingCall({ codec, sample_rate: rate });
    await peers.world.advance(100);
    await until(() => media(peer).length >= 5, 'media');
    for (const m of media(peer)) {
      expect(m.media).toMatchObject({ contentType, sampleRate: rate });
      expect(fromB64(m.media.payload)).toHaveLength(bytes);
    }
  });

  it('ignores playAudio when the Stream JSON is not bidirectional, and says so in the events', async () => {
    const { uuid, peer } = await streamingCall({ bidirectional: false });
    peer.send({ event: 'playAudio', media: { payload: toB64(encodeAlaw(tone(800, 300))) } });
    await until(async () => eventTypes((await live(uuid))).includes('play_ignored'), 'play_ignored');
    expect((await live(uuid)).stream!.queued_ms).toBe(0);
  });

  it('records invalid messages from the server without failing the call', async () => {
    const { uuid, peer } = await streamingCall();
    peer.socket.send('not json');
    peer.send({ event: 'playAudio' });
    peer.send({ event: 'playAudio', media: { payload: '!!!' } });
    await until(async () => (await live(uuid)).events.filter((e) => e.type === 'stream_message_invalid').length === 3, 'three invalid messages');
    expect((await live(uuid)).status).toBe('IN_PROGRESS');
  });

  it('a server closing the stream ends the call COMPLETED (keep_call_alive false)', async () => {
    const { uuid, peer } = await streamingCall();
    peer.socket.close(1000, 'bye');
    const hangup = await hangupWebhook();
    expect(hangup.body).toMatchObject({ call_uuid: uuid, call_status: 'COMPLETED', hangup_cause: '16' });
  });

  it('with keep_call_alive the call outlives the stream', async () => {
    const { uuid, peer } = await streamingCall({ keep_call_alive: true });
    peer.socket.close();
    await until(async () => eventTypes((await live(uuid))).includes('stream_closed'), 'stream_closed');
    expect((await live(uuid)).status).toBe('IN_PROGRESS');
    expect((await peers.world.control('POST', `/sfvopi/calls/${uuid}/dtmf`, { digits: '1' })).status).toBe(409);
    await peers.world.control('POST', `/sfvopi/calls/${uuid}/hangup`);
    expect((await hangupWebhook()).body.call_status).toBe('COMPLETED');
  });

  it('a stream URL nobody listens on ends the call FAILED (41)', async () => {
    peers.recv.on('/answer', replyJson(200, { stream: { url: 'ws://127.0.0.1:9/nothing' } }));
    const { uuid } = await place();
    await peers.world.advance(2000);
    const hangup = await hangupWebhook();
    expect(hangup.body).toMatchObject({ call_uuid: uuid, call_status: 'FAILED', hangup_cause: '41', answer_at: iso(2000) });
    expect(eventTypes((await live(uuid)))).toContain('stream_failed');
  });
});

describe('calls that end on the clock', () => {
  // Each of these spans seconds or minutes of the virtual clock; nothing here waits for them.
  const timed = (run: () => Promise<void>) => run();

  it('busy: BUSY, cause 17, never answered', async () => {
    await behave({ type: 'busy', after_seconds: 5 });
    const { uuid } = await place();
    await until(() => received('/ring')[0], 'ring webhook');
    await timed(async () => {
      await peers.world.advance(5000);
      await hangupWebhook();
    });
    const hangup = received('/hangup')[0]!;
    expectSchema(peers.world.mock, 'HangupWebhookPayload', hangup.body);
    expect(hangup.body).toMatchObject({ call_uuid: uuid, call_status: 'BUSY', hangup_cause: '17', duration: 0, ended_at: iso(5000) });
    expect(hangup.body.answer_at).toBeUndefined();
    expect(received('/answer')).toHaveLength(0);
  });

  it('no answer: NO_ANSWER, cause 19, after ring_timeout', async () => {
    await behave({ type: 'no-answer' });
    const { uuid } = await place({ ring_timeout: 20 });
    await peers.world.advance(19_999);
    expect((await live(uuid)).status).toBe('RINGING');
    await timed(async () => {
      await peers.world.advance(1);
      await hangupWebhook();
    });
    const hangup = received('/hangup')[0]!;
    expectSchema(peers.world.mock, 'HangupWebhookPayload', hangup.body);
    expect(hangup.body).toMatchObject({ call_status: 'NO_ANSWER', hangup_cause: '19', duration: 0, ended_at: iso(20_000) });
    expect(hangup.body.answer_at).toBeUndefined();
  });

  it('ring_timeout wins over a callee that would answer later', async () => {
    await behave({ type: 'answer', after_seconds: 30 });
    await place({ ring_timeout: 10 });
    await timed(async () => {
      await peers.world.advance(60_000);
      await hangupWebhook();
    });
    expect(received('/hangup')[0]!.body.call_status).toBe('NO_ANSWER');
    expect(received('/answer')).toHaveLength(0);
  });

  it('fail: FAILED, cause 41', async () => {
    await behave({ type: 'fail', after_seconds: 1 });
    await place();
    await timed(async () => {
      await peers.world.advance(1000);
      await hangupWebhook();
    });
    expect(received('/hangup')[0]!.body).toMatchObject({ call_status: 'FAILED', hangup_cause: '41', duration: 0 });
  });

  it('hangup-after: answers after 2 s and hangs up after after_seconds of talk', async () => {
    const set = await behave({ type: 'hangup-after', after_seconds: 7 });
    expect(set.behaviour).toMatchObject({ type: 'hangup-after', hangup_after_seconds: 7 });
    peers.recv.on('/answer', replyJson(200, streamJson()));
    await place();
    await peers.world.advance(2000);
    await until(() => peers.streams.peers[0]?.messages[0], 'stream start');
    await timed(async () => {
      await peers.world.advance(7000);
      await hangupWebhook();
    });
    expect(received('/hangup')[0]!.body).toMatchObject({ call_status: 'COMPLETED', hangup_cause: '16', duration: 7 });
  });

  it('call_time_limit: COMPLETED with cause 102 after the limit, stream closed first', async () => {
    await behave({ type: 'answer', hangup_after_seconds: null });
    const { uuid, peer } = await streamingCall({}, { call_time_limit: 5 });
    await timed(async () => {
      await peers.world.advance(5000);
      await hangupWebhook();
    });
    const hangup = received('/hangup')[0]!;
    expectSchema(peers.world.mock, 'HangupWebhookPayload', hangup.body);
    expect(hangup.body).toMatchObject({ call_uuid: uuid, call_status: 'COMPLETED', hangup_cause: '102', duration: 5, answer_at: iso(2000), ended_at: iso(7000) });
    expect(media(peer).length).toBe(250);
    await until(() => peer.closed, 'stream closed');
    expect(eventTypes((await live(uuid)))).toContain('time_limit');
  });

  it('stream_timeout: the stream closes and the call ends (102)', async () => {
    await behave({ type: 'answer', hangup_after_seconds: null });
    const { peer } = await streamingCall({ stream_timeout: 3 });
    await timed(async () => {
      await peers.world.advance(3000);
      await hangupWebhook();
    });
    expect(received('/hangup')[0]!.body).toMatchObject({ call_status: 'COMPLETED', hangup_cause: '102', duration: 3 });
    await until(() => peer.closed, 'stream closed');
  });

  it('hanging up while ringing: CANCELED, never answered', async () => {
    await behave({ type: 'no-answer' });
    const { uuid } = await place();
    const r = await peers.world.control('POST', `/sfvopi/calls/${uuid}/hangup`);
    expect(r.body).toMatchObject({ status: 'CANCELED', hangup_cause: '16', answer_at: null, duration: 0 });
    expect((await hangupWebhook()).body).toMatchObject({ call_status: 'CANCELED', duration: 0 });
  });

  it('a ring receiver that never answers is abandoned after 5 s of clock, without holding up the call', async () => {
    peers.recv.on('/ring', () => {});
    await behave({ type: 'answer', after_seconds: 10 });
    const { uuid } = await place();
    await until(() => received('/ring')[0], 'ring webhook');
    await timed(async () => {
      await peers.world.advance(5000);
      await until(async () => (await live(uuid)).events.find((e) => e.type === 'ring_webhook'), 'ring outcome');
    });
    expect((await live(uuid)).events.find((e) => e.type === 'ring_webhook')!.detail).toMatchObject({ error: 'timeout' });
    expect((await live(uuid)).status).toBe('RINGING');
  });

  it('a hangup receiver that never answers is abandoned after 5 s of clock', async () => {
    peers.recv.on('/hangup', () => {});
    await behave({ type: 'busy', after_seconds: 0 });
    const { uuid } = await place();
    await peers.world.advance(0);
    await hangupWebhook();
    expect((await live(uuid)).ended).toBe(false);
    await timed(async () => {
      await peers.world.advance(5000);
      await until(async () => (await live(uuid)).ended, 'ended');
    });
    expect((await live(uuid)).events.find((e) => e.type === 'hangup_webhook')!.detail).toMatchObject({ error: 'timeout' });
  });
});

describe('reset', () => {
  it('cancels live calls: the stream closes and no hangup webhook is sent', async () => {
    const { peer } = await streamingCall();
    await peers.world.mock.reset();
    await until(() => peer.closed, 'stream closed');
    await peers.world.advance(60_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(received('/hangup')).toHaveLength(0);
    expect(await peers.world.calls()).toEqual([]);
  });
});
