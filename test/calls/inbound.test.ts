// Inbound SFVoPI calls through the app's configuration, with the caller's audio chosen per call.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAlaw, encodeAlaw } from '../../src/audio/g711.ts';
import { writeWav } from '../../src/audio/wav.ts';
import { VIRTUAL_EPOCH } from '../../src/core/clock.ts';
import { createWorld, eventTypes, expectSchema, replyJson, until, useCallPeers } from './peers.ts';

const peers = useCallPeers(async (p) => {
  p.recv.on('/answer', replyJson(200, { stream: { url: p.streams.url, bidirectional: true } }));
  p.world = await createWorld({ answer_url: p.recv.url('/answer'), hangup_url: p.recv.url('/hangup'), hangup_method: 'POST' });
});

const CALLER = '+919900000001';
const iso = (offsetMs: number) => new Date(VIRTUAL_EPOCH + offsetMs).toISOString();
const received = (path: string) => peers.recv.received.filter((r) => r.path === path);
const media = () => peers.streams.peers[0]!.messages.filter((m) => m.event === 'media');
const pcmOf = (m: { media: { payload: string } }) => decodeAlaw(new Uint8Array(Buffer.from(m.media.payload, 'base64')));

function ramp(samples: number): Int16Array {
  return Int16Array.from({ length: samples }, (_, i) => ((i % 200) - 100) * 200);
}

describe('inbound calls', () => {
  it('go through the app config: answer webhook → stream → caller hangs up → hangup webhook', async () => {
    const r = await peers.world.control('POST', '/sfvopi/calls/inbound', { to: peers.world.number, from: CALLER, hangup_after_seconds: 10, audio: { type: 'tone', frequency_hz: 1000 } });
    expect(r.status).toBe(200);
    const uuid = r.body.call_uuid;
    expect(r.body).toMatchObject({ direction: 'INBOUND', status: 'IN_PROGRESS', request_uuid: null, answer_at: iso(0), audio: { type: 'tone', frequency_hz: 1000, amplitude: 0.3 } });

    const answer = await until(() => received('/answer')[0], 'answer webhook');
    expectSchema(peers.world.mock, 'AnswerWebhookPayload', answer.body);
    expect(answer.body).toEqual({ call_uuid: uuid, from: CALLER, to: peers.world.number, direction: 'INBOUND', call_status: 'IN_PROGRESS', answered_at: iso(0) });

    // Stream JSON with only url and bidirectional: PCMA at 8000 by default.
    const start = await until(() => peers.streams.peers[0]?.messages[0], 'start');
    expect(start).toMatchObject({ event: 'start', callId: uuid });
    expect(start.streamId).toMatch(/^SFV_STRM_BI_/);
    await peers.world.advance(200);
    await until(() => media().length === 10, 'media');
    expect(media()[0].media.contentType).toBe('audio/PCMA');
    expect(Math.max(...pcmOf(media()[3]))).toBeGreaterThan(9000);

    await peers.world.advance(9800);
    const hangup = await until(() => received('/hangup')[0], 'hangup webhook');
    expectSchema(peers.world.mock, 'HangupWebhookPayload', hangup.body);
    expect(hangup.body).toEqual({
      call_uuid: uuid, from: CALLER, to: peers.world.number, direction: 'INBOUND', call_status: 'COMPLETED',
      duration: 10, started_at: iso(0), answer_at: iso(0), ended_at: iso(10_000), hangup_cause: '16',
    });
    expect(eventTypes(await peers.world.call(uuid))).toContain('caller_hangup');
  });

  it('stream a WAV given inline, resampled to the stream rate, then silence', async () => {
    const prompt = ramp(1600); // 100 ms at 16 kHz → 800 samples at 8 kHz
    const base64 = Buffer.from(writeWav({ sampleRate: 16000, samples: prompt })).toString('base64');
    const r = await peers.world.control('POST', '/sfvopi/calls/inbound', { to: peers.world.number, from: CALLER, audio: { type: 'wav', base64 } });
    expect(r.body.audio).toEqual({ type: 'wav', sample_rate: 16000, duration_ms: 100 });
    await until(() => peers.streams.peers[0]?.messages[0], 'start');
    await peers.world.advance(200);
    await until(() => media().length === 10, 'media');
    const heard = media().flatMap((m) => Array.from(pcmOf(m)));
    expect(heard).toHaveLength(1600);
    const expected = Array.from(decodeAlaw(encodeAlaw(Int16Array.from({ length: 800 }, (_, i) => prompt[i * 2]!))));
    expect(heard.slice(0, 800)).toEqual(expected);
    expect(heard.slice(800).every((s) => Math.abs(s) <= 8)).toBe(true);
  });

  it('changes the caller audio mid-call, from a WAV file path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'voicemock-'));
    const path = join(dir, 'hello.wav');
    await writeFile(path, writeWav({ sampleRate: 8000, samples: ramp(8000) }));
    const { body } = await peers.world.control('POST', '/sfvopi/calls/inbound', { to: peers.world.number, from: CALLER });
    await until(() => peers.streams.peers[0]?.messages[0], 'start');
    await peers.world.advance(100);
    await until(() => media().length === 5, 'media');
    expect(media().every((m) => pcmOf(m).every((s) => Math.abs(s) <= 8))).toBe(true); // silence by default
    const changed = await peers.world.control('POST', `/sfvopi/calls/${body.call_uuid}/audio`, { audio: { type: 'wav', path } });
    expect(changed.body.audio).toEqual({ type: 'wav', sample_rate: 8000, duration_ms: 1000 });
    await peers.world.advance(20);
    await until(() => media().length === 6, 'media');
    expect(Array.from(pcmOf(media()[5]))).toEqual(Array.from(decodeAlaw(encodeAlaw(ramp(160)))));
    const bad = await peers.world.control('POST', `/sfvopi/calls/${body.call_uuid}/audio`, { audio: { type: 'wav', path: join(dir, 'missing.wav') } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_audio');
  });

  it('rejects a number no app is linked to (404) and an INACTIVE app (409)', async () => {
    const unlinked = await peers.world.control('POST', '/sfvopi/calls/inbound', { to: '+918000000004', from: CALLER });
    expect(unlinked.status).toBe(404);
    await peers.world.api.put(`/apps/${peers.world.appId}`, { status: 'INACTIVE' });
    const inactive = await peers.world.control('POST', '/sfvopi/calls/inbound', { to: peers.world.number, from: CALLER });
    expect(inactive.status).toBe(409);
    expect(inactive.body.error.code).toBe('app_inactive');
  });

  it('rejects audio that is not a 16-bit PCM WAV', async () => {
    const r = await peers.world.control('POST', '/sfvopi/calls/inbound', { to: peers.world.number, from: CALLER, audio: { type: 'wav', base64: Buffer.from('hello').toString('base64') } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/not a usable WAV/);
  });
});

describe('call listing and control errors', () => {
  it('lists calls newest first with their events; unknown calls are 404', async () => {
    const a = (await peers.world.control('POST', '/sfvopi/calls/inbound', { to: peers.world.number, from: CALLER })).body.call_uuid;
    const b = (await peers.world.control('POST', '/sfvopi/calls/inbound', { to: peers.world.number, from: '+919900000002' })).body.call_uuid;
    const list = await peers.world.calls();
    expect(list.map((c) => c.call_uuid)).toEqual([b, a]);
    expect(list[0].events.length).toBeGreaterThan(0);
    expect((await peers.world.control('GET', `/sfvopi/calls?org_id=${peers.world.orgId + 1}`)).body.data).toEqual([]);
    expect((await peers.world.control('GET', '/sfvopi/calls/call-uuid-1-abcdef')).status).toBe(404);
    expect((await peers.world.control('POST', '/sfvopi/calls/call-uuid-1-abcdef/hangup')).status).toBe(404);
    expect((await peers.world.control('GET', '/sfvopi/calls/call-uuid-1-abcdef/recording.wav')).status).toBe(404);
  });

  it('DTMF needs an open stream (409 before the answer webhook answered) and valid digits (400)', async () => {
    peers.recv.on('/answer', () => {}); // hold the answer webhook
    const { body } = await peers.world.control('POST', '/sfvopi/calls/inbound', { to: peers.world.number, from: CALLER });
    expect((await peers.world.control('POST', `/sfvopi/calls/${body.call_uuid}/dtmf`, { digits: '1' })).status).toBe(409);
    expect((await peers.world.control('POST', `/sfvopi/calls/${body.call_uuid}/dtmf`, { digits: 'x' })).status).toBe(400);
  });

  it('callee behaviours: set, list, default and clear', async () => {
    const initial = await peers.world.control('GET', '/sfvopi/callee-behaviour');
    expect(initial.body).toEqual({ data: [], default: { type: 'answer', after_seconds: 2, hangup_after_seconds: 30, audio: { type: 'silence' } } });
    await peers.world.control('POST', '/sfvopi/callee-behaviour', { number: '+918000000001', behaviour: { type: 'busy' } });
    await peers.world.control('POST', '/sfvopi/callee-behaviour', { number: '*', behaviour: { type: 'no-answer' } });
    const listed = await peers.world.control('GET', '/sfvopi/callee-behaviour');
    expect(listed.body.data).toEqual([{ number: '+918000000001', behaviour: { type: 'busy', after_seconds: 2, hangup_after_seconds: null, audio: { type: 'silence' } } }]);
    expect(listed.body.default.type).toBe('no-answer');
    const cleared = await peers.world.control('POST', '/sfvopi/callee-behaviour', { number: '*', behaviour: null });
    expect(cleared.body.behaviour.type).toBe('answer');
    expect((await peers.world.control('POST', '/sfvopi/callee-behaviour', { number: '12345', behaviour: null })).status).toBe(400);
  });
});
