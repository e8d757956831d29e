// The stream floor: what any Node stream sender pays on this machine before doing work of its
// own. A bare `ws` client per stream, the same answer webhook and the same JSON frames as
// voicemock (A-law silence, 20 ms), all sent from one shared 20 ms tick that does not drift.
// Received messages are JSON-parsed and dropped: the least a sender must do to know what it got.
//   node bench/stream-floor.ts <streams> <answer url>   → prints "ready <n>" once all are open
import { WebSocket } from 'ws';

const FRAME_MS = 20;
const streams = Number(process.argv[2]);
const answerUrl = process.argv[3]!;

const silence = Buffer.alloc(160, 0xd5).toString('base64');
const open: Array<{ socket: WebSocket; frame: string }> = [];
let received = 0;

async function connect(i: number): Promise<void> {
  const response = await fetch(answerUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ call_uuid: `floor-${i}` }) });
  const { stream } = (await response.json()) as { stream: { url: string } };
  const socket = new WebSocket(stream.url);
  const streamId = `SFV_STRM_BI_${String(i).padStart(26, '0')}`;
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.on('message', (data) => {
    JSON.parse(String(data));
    received++;
  });
  socket.send(JSON.stringify({ event: 'start', streamId, callId: `floor-${i}` }));
  const frame = JSON.stringify({ event: 'media', streamId, media: { payload: silence, contentType: 'audio/PCMA', sampleRate: 8000 } });
  open.push({ socket, frame });
}

for (let i = 0; i < streams; i += 50) {
  await Promise.all(Array.from({ length: Math.min(50, streams - i) }, (_, j) => connect(i + j)));
}

const origin = performance.now();
let ticks = 0;
const tick = () => {
  ticks++;
  for (const s of open) s.socket.send(s.frame);
  setTimeout(tick, Math.max(0, origin + (ticks + 1) * FRAME_MS - performance.now()));
};
setTimeout(tick, FRAME_MS);
process.stdout.write(`ready ${open.length}\n`);
process.on('SIGTERM', () => {
  for (const s of open) s.socket.terminate();
  process.exit(0);
});
void received;
