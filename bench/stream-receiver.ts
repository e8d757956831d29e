// The stream bench's receiver, in its own process: the user's answer server (Stream JSON) and
// media WebSocket server. It times every media frame on arrival and, in echo mode, sends each
// frame's payload straight back as playAudio. The same receiver serves voicemock and the floor.
//   node bench/stream-receiver.ts <port>   → prints "listening <port>" on stdout
// POST /answer/<send|echo> returns Stream JSON; POST /window starts a measuring window;
// GET /stats ends it and returns the window's figures.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const FRAME_MS = 20;
/** Jitter histogram: 0.1 ms buckets up to 10 s. */
const BUCKET_MS = 0.1;
const BUCKETS = 100_000;
/** The distribution reported (ms, each bucket [from, to)): fine near 0, and one bucket around a
 * frame period, where a skipped-then-doubled frame lands (gaps of 40 and 0 ms: jitter 20 ms). */
const REPORT_EDGES_MS = [0, 0.5, 1, 2, 3, 5, 10, 15, 18, 22, 30, 50, 100, Infinity];

interface Peer {
  last: number;
  /** Media frames since the window started. */
  inWindow: number;
  open: boolean;
}

const peers = new Set<Peer>();
let histogram = new Uint32Array(BUCKETS);
let maxJitter = 0;
let windowStart = 0;
let closedInWindow = 0;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const url = req.url ?? '/';
    if (url.startsWith('/answer/')) {
      const mode = url.slice('/answer/'.length) === 'echo' ? 'echo' : 'send';
      const { port } = server.address() as AddressInfo;
      const body = JSON.stringify({ stream: { url: `ws://127.0.0.1:${port}/media/${mode}`, codec: 'PCMA', sample_rate: 8000, direction: 'BOTH', bidirectional: true } });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    if (url === '/window') {
      histogram = new Uint32Array(BUCKETS);
      maxJitter = 0;
      closedInWindow = 0;
      windowStart = performance.now();
      for (const p of peers) p.inWindow = 0;
      res.end('{}');
      return;
    }
    if (url === '/stats') {
      const windowMs = performance.now() - windowStart;
      const open = [...peers].filter((p) => p.open);
      const expected = Math.floor(windowMs / FRAME_MS);
      // One frame of slack per stream for the window's edges.
      let short = 0;
      for (const p of peers) short += Math.max(0, expected - 1 - p.inWindow);
      let total = 0;
      for (const n of histogram) total += n;
      const quantile = (q: number) => {
        const rank = Math.ceil(q * total);
        let seen = 0;
        for (let i = 0; i < BUCKETS; i++) {
          seen += histogram[i]!;
          if (seen >= rank && rank > 0) return (i + 1) * BUCKET_MS;
        }
        return 0;
      };
      const body = JSON.stringify({
        windowMs, streams: open.length, closed: closedInWindow, gaps: total, framesShort: short,
        framesReceived: [...peers].reduce((s, p) => s + p.inWindow, 0),
        p50Ms: quantile(0.5), p99Ms: quantile(0.99), maxMs: maxJitter,
        jitterBuckets: distribution(),
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
      return;
    }
    if (url === '/forget') {
      // Between levels: streams of the last level are gone.
      for (const p of peers) if (!p.open) peers.delete(p);
      res.end(JSON.stringify({ open: peers.size }));
      return;
    }
    res.writeHead(404);
    res.end();
  });
});

/** The window's jitter histogram folded into the reported buckets. */
function distribution(): Array<{ fromMs: number; toMs: number | null; count: number }> {
  const counts = new Array<number>(REPORT_EDGES_MS.length - 1).fill(0);
  let bucket = 0;
  for (let i = 0; i < BUCKETS; i++) {
    const n = histogram[i]!;
    if (n === 0) continue;
    const ms = i * BUCKET_MS + 1e-9;
    while (ms >= REPORT_EDGES_MS[bucket + 1]!) bucket++;
    counts[bucket]! += n;
  }
  return counts.map((count, b) => ({ fromMs: REPORT_EDGES_MS[b]!, toMs: Number.isFinite(REPORT_EDGES_MS[b + 1]) ? REPORT_EDGES_MS[b + 1]! : null, count }));
}

const wss = new WebSocketServer({ server });
const MEDIA_PREFIX = '{"event":"media"';
const PAYLOAD_KEY = '"payload":"';
wss.on('connection', (socket, req) => {
  const echo = (req.url ?? '').endsWith('/echo');
  const peer: Peer = { last: 0, inWindow: 0, open: true };
  peers.add(peer);
  socket.on('message', (data, isBinary) => {
    const now = performance.now();
    if (isBinary) return;
    const text = data.toString();
    // Both senders produce the same frames; a prefix check keeps the receiver's own cost low.
    if (!text.startsWith(MEDIA_PREFIX)) return;
    if (peer.last > 0 && now >= windowStart && windowStart > 0) {
      const jitter = Math.abs(now - peer.last - FRAME_MS);
      histogram[Math.min(BUCKETS - 1, Math.floor(jitter / BUCKET_MS))]!++;
      if (jitter > maxJitter) maxJitter = jitter;
      peer.inWindow++;
    }
    peer.last = now;
    if (echo) {
      const from = text.indexOf(PAYLOAD_KEY) + PAYLOAD_KEY.length;
      const payload = text.slice(from, text.indexOf('"', from));
      socket.send(`{"event":"playAudio","media":{"payload":"${payload}","contentType":"audio/PCMA","sampleRate":8000}}`);
    }
  });
  socket.on('close', () => {
    peer.open = false;
    if (windowStart > 0) closedInWindow++;
  });
  socket.on('error', () => {});
});

server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  for (const c of wss.clients) c.terminate();
  server.close(() => process.exit(0));
});
