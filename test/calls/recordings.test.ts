// Recordings of what the user's server played, end to end: bounded by the configured duration
// and byte budget, and written to a WAV file as the call goes when a directory is configured.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAlaw, encodeAlaw } from '../../src/audio/g711.ts';
import { parseWav } from '../../src/audio/wav.ts';
import type { VoicemockOptions } from '../../src/index.ts';
import { type CallView, createWorld, eventTypes, type Peer, replyJson, until, useCallPeers } from './peers.ts';

const peers = useCallPeers(async (p) => {
  p.recv.on('/answer', replyJson(200, { stream: { url: p.streams.url, bidirectional: true } }));
});

const toB64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const prompt = (samples: number) => encodeAlaw(Int16Array.from({ length: samples }, (_, i) => ((i % 80) - 40) * 300));

async function streamingCall(options: VoicemockOptions): Promise<{ uuid: string; peer: Peer }> {
  peers.world = await createWorld({ answer_url: peers.recv.url('/answer') }, options);
  const r = await peers.world.control('POST', '/sfvopi/calls/inbound', { to: peers.world.number, from: '+919900000001', hangup_after_seconds: null });
  expect(r.status).toBe(200);
  const peer = await until(() => peers.streams.peers[0]?.messages[0] && peers.streams.peers[0], 'stream start');
  return { uuid: r.body.call_uuid, peer };
}

async function play(uuid: string, peer: Peer, bytes: Uint8Array): Promise<void> {
  const before = (await peers.world.call(uuid)).stream.play_received;
  peer.send({ event: 'playAudio', media: { payload: toB64(bytes), contentType: 'audio/PCMA', sampleRate: 8000 } });
  await until(async () => (await peers.world.call(uuid)).stream.play_received > before, 'playAudio received');
}

describe('recordings', () => {
  it('stop at the configured duration and say so', async () => {
    const { uuid, peer } = await streamingCall({ config: { recording: { maxSeconds: 0.1 } } });
    await play(uuid, peer, prompt(1600));
    await peers.world.advance(200);
    const wav = await peers.world.control('GET', `/sfvopi/calls/${uuid}/recording.wav`);
    expect(wav.headers.get('voicemock-recording-truncated')).toBe('true');
    expect(parseWav(wav.bytes).samples).toHaveLength(800);
    const call: CallView = await peers.world.call(uuid);
    expect(call.events.find((e) => e.type === 'recording_truncated')!.detail).toEqual({ max_seconds: 0.1 });
  });

  it('stop at the byte budget shared by the mock\'s recordings', async () => {
    const { uuid, peer } = await streamingCall({ config: { recording: { maxBytes: 1000 } } });
    await play(uuid, peer, prompt(1600));
    await peers.world.advance(200);
    const wav = await peers.world.control('GET', `/sfvopi/calls/${uuid}/recording.wav`);
    expect(parseWav(wav.bytes).samples).toHaveLength(500);
    expect(wav.headers.get('voicemock-recording-truncated')).toBe('true');
    expect(eventTypes(await peers.world.call(uuid))).toContain('recording_truncated');
    expect(((await peers.world.call(uuid)) as CallView).events.find((e) => e.type === 'recording_truncated')!.detail).toEqual({ max_bytes: 1000 });
  });

  it('are written to <dir>/<call_uuid>.wav as they play, past the memory budget, complete once the call ends', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'voicemock-rec-'));
    const { uuid, peer } = await streamingCall({ config: { recording: { dir, maxBytes: 1000 } } });
    const played = prompt(20_000); // 2.5 s: more than one block of the file
    await play(uuid, peer, played);
    await peers.world.advance(3000);
    await peers.world.control('POST', `/sfvopi/calls/${uuid}/hangup`);
    const path = join(dir, `${uuid}.wav`);
    const file = await until(async () => {
      try {
        const bytes = new Uint8Array(await readFile(path));
        return parseWav(bytes).samples.length === 20_000 && bytes;
      } catch {
        return false;
      }
    }, 'complete WAV file');
    const wav = parseWav(file);
    expect(wav.sampleRate).toBe(8000);
    expect(Array.from(wav.samples)).toEqual(Array.from(decodeAlaw(played)));
    // The RIFF size agrees with the data.
    expect(new DataView(file.buffer, file.byteOffset).getUint32(4, true)).toBe(file.length - 8);
  });
});
