// The Stream JSON fields the providers' docs give no default for (bidirectional, keep_call_alive):
// voicemock takes them as false, says so loudly when that silences the call (the call's events,
// the journal), shows what your server answered, and lets the defaults be switched.
import { describe, expect, it } from 'vitest';
import { createWorld, replyJson, until, useCallPeers } from './peers.ts';
import type { VoicemockOptions } from '../../src/index.ts';

const peers = useCallPeers();

const NOTICE = 'Stream JSON left out bidirectional; the docs give no default and voicemock takes it as false, so every playAudio will be ignored. Send bidirectional: true, or start voicemock with --stream-defaults bidirectional=true';

async function callAnsweredWith(stream: Record<string, unknown>, options: VoicemockOptions = {}) {
  peers.recv.on('/answer', replyJson(200, { stream: { url: peers.streams.url, ...stream } }));
  peers.world = await createWorld({ answer_url: peers.recv.url('/answer') }, options);
  const r = await peers.world.control('POST', '/sfvopi/calls/inbound', { to: peers.world.number, from: '+919900000001', hangup_after_seconds: 5 });
  expect(r.status).toBe(200);
  const peer = await until(() => peers.streams.peers[0]?.messages[0] && peers.streams.peers[0], 'stream start');
  return { uuid: r.body.call_uuid as string, peer };
}

describe('docs-silent Stream JSON defaults', () => {
  it('an answer without bidirectional: a stream_defaults event and a journal note, then play_ignored', async () => {
    const { uuid, peer } = await callAnsweredWith({});
    const call = await peers.world.call(uuid);
    expect(call.stream).toMatchObject({ bidirectional: false, keep_call_alive: false });
    const notice = call.events.find((e: { type: string }) => e.type === 'stream_defaults');
    expect(notice).toMatchObject({ message: NOTICE, detail: { defaulted: { bidirectional: false, keep_call_alive: false } } });
    // The answer body as your server sent it, for the inspector.
    expect(call.events.find((e: { type: string }) => e.type === 'answer_webhook').detail.body).toBe(JSON.stringify({ stream: { url: peers.streams.url } }));
    const journal = (await peers.world.control('GET', '/journal')).body.data;
    expect(journal.find((e: { note?: string }) => e.note === NOTICE)).toMatchObject({ operation_id: 'sfvopiAnswerWebhook', status: 200, org_id: peers.world.orgId });

    peer.send({ event: 'playAudio', media: { payload: 'AAAA' } });
    await until(async () => (await peers.world.call(uuid)).events.some((e: { type: string }) => e.type === 'play_ignored'), 'play_ignored');
  });

  it('says nothing when the answer sets bidirectional', async () => {
    const { uuid } = await callAnsweredWith({ bidirectional: true });
    const call = await peers.world.call(uuid);
    expect(call.events.map((e: { type: string }) => e.type)).not.toContain('stream_defaults');
    expect((await peers.world.control('GET', '/journal')).body.data.some((e: { note?: string }) => e.note === NOTICE)).toBe(false);
  });

  it('config.streamDefaults switches the defaults: playAudio then plays', async () => {
    const { uuid, peer } = await callAnsweredWith({}, { config: { streamDefaults: { bidirectional: true, keep_call_alive: true } } });
    const call = await peers.world.call(uuid);
    expect(call.stream).toMatchObject({ bidirectional: true, keep_call_alive: true });
    expect(call.events.map((e: { type: string }) => e.type)).not.toContain('stream_defaults');
    peer.send({ event: 'playAudio', media: { payload: Buffer.alloc(160, 0xd5).toString('base64') } });
    await until(async () => (await peers.world.call(uuid)).stream.play_received === 1, 'playAudio accepted');
  });
});
