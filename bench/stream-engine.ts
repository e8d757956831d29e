// The stream engine's own cost, without the network: N streams on a virtual clock with a stub
// socket that keeps nothing, send-only or with every frame echoed back as playAudio. Reports CPU
// µs per frame (engine only), and heap growth. `node bench/stream-engine.ts [streams] [seconds]`
// Where the full bench (bench/streams.ts) is noisy on a shared machine, this one is not.
import { createVoicemock } from '../src/index.ts';
import type { StreamSocket } from '../src/core/socket.ts';

const streams = Number(process.argv[2] ?? 200);
const seconds = Number(process.argv[3] ?? 20);

async function run(echo: boolean): Promise<{ usPerFrame: number; frames: number; heapMb: number }> {
  const sockets: Array<{ deliver(text: string): void }> = [];
  let frames = 0;
  const connect = (): StreamSocket => {
    const listeners = new Map<string, Array<(e: any) => void>>();
    const emit = (type: string, event: unknown) => { for (const l of listeners.get(type) ?? []) l(event); };
    const socket: StreamSocket = {
      readyState: 0,
      send(text: string) {
        if (!text.startsWith('{"event":"media"')) return;
        frames++;
        if (echo) {
          const from = text.indexOf('"payload":"') + 11;
          const payload = text.slice(from, text.indexOf('"', from));
          emit('message', { data: `{"event":"playAudio","media":{"payload":"${payload}","contentType":"audio/PCMA","sampleRate":8000}}` });
        }
      },
      close() { emit('close', { code: 1000 }); },
      addEventListener(type, listener) { listeners.set(type, [...(listeners.get(type) ?? []), listener]); },
    };
    queueMicrotask(() => { (socket as { readyState: number }).readyState = 1; emit('open', {}); });
    sockets.push({ deliver: (data) => emit('message', { data }) });
    return socket;
  };
  const fetchAnswer = async () => new Response(JSON.stringify({ stream: { url: 'ws://127.0.0.1:9/media', bidirectional: true } }), { status: 200, headers: { 'content-type': 'application/json' } });
  const mock = await createVoicemock({ connectWebSocket: connect, fetch: fetchAnswer as typeof fetch, seedDemoOrg: false });
  const org = await mock.createOrg({ sfvopi: { numbers: ['+918000000003'] } });
  const key = org.sfvopi.api_key;
  const call = (path: string, body: unknown, headers: Record<string, string> = {}) => fetchVia(mock, path, body, headers);
  const app = await (await call('/superfone/sfvopi/apps', { name: 'Bench', answer_url: 'http://127.0.0.1:9/answer' }, { 'x-api-key': key })).json();
  await call(`/superfone/sfvopi/apps/${app.data.app_id}/numbers`, { voip_number: '+918000000003' }, { 'x-api-key': key });
  for (let i = 0; i < streams; i++) await call('/__voicemock/sfvopi/calls/inbound', { to: '+918000000003', from: '+919900000001', hangup_after_seconds: null });
  for (let i = 0; i < 50 && sockets.length < streams; i++) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 50));
  await mock.clock.advance(1000); // warm-up
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const framesBefore = frames;
  const cpu0 = process.cpuUsage();
  // Advance in 20 ms steps, as a real clock would: one tick per step.
  for (let t = 0; t < seconds * 1000; t += 20) await mock.clock.advance(20);
  const cpu = process.cpuUsage(cpu0);
  const sent = frames - framesBefore;
  const heapMb = (process.memoryUsage().heapUsed - heap0) / 1e6;
  await mock.reset();
  return { usPerFrame: (cpu.user + cpu.system) / sent, frames: sent, heapMb };
}

async function fetchVia(mock: Awaited<ReturnType<typeof createVoicemock>>, path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  const { getResponse } = await import('msw');
  const request = new Request(`http://127.0.0.1:4010${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const response = await getResponse(mock.handlers, request);
  if (!response || response.status >= 300) throw new Error(`${path} answered ${response?.status}: ${await response?.text()}`);
  return response;
}

for (const echo of (process.argv[4] ?? 'send,echo').split(',').map((m) => m === 'echo')) {
  const r = await run(echo);
  process.stdout.write(`${echo ? 'echo' : 'send'}: ${streams} streams, ${r.frames} frames, ${r.usPerFrame.toFixed(2)} µs CPU per frame (engine only, virtual clock), heap +${r.heapMb.toFixed(1)} MB\n`);
}
