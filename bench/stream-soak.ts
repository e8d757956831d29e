// Media-plane soak: `voicemock serve` (real clock, default limits) streaming to 50 well-behaved
// stream servers (bench/stream-receiver.ts, in its own process, timing every frame) while
// misbehaving agents, served from this process, do what a buggy agent does: one never reads its
// socket, one floods clearAudio and invalid JSON, one starts a 99 MiB message and never finishes
// it (and its call is placed again as it ends), one hoards: it sends audio far faster than it
// plays and checkpoints with 1 MiB names. Every second it samples voicemock's RSS and the
// latency of GET /__voicemock/health; at the end it reads the good streams' jitter from the
// receiver and the misbehaving calls' drop counters. RSS must level off and health must answer.
// 127.0.0.1 only; every child is reaped.
//   node bench/stream-soak.ts --seconds 60 --good 50 --out bench/stream-soak-results.json
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { WebSocketServer, type WebSocket } from 'ws';
import { freePort, reapOnExit, spawnNode, stop, timeToFirstAnswer, type Spawned } from './processes.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const HOST = '127.0.0.1';
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    good: { type: 'string', default: '50' },
    // Relative to the repository root, or absolute.
    out: { type: 'string', default: 'bench/stream-soak-results.json' },
  },
});
const seconds = Number(values.seconds);
const goodStreams = Number(values.good);
const log = (line: string) => process.stderr.write(`[bench:stream-soak] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function json(url: string, init?: RequestInit): Promise<any> {
  const r = await fetch(url, init);
  const text = await r.text();
  if (!r.ok) throw new Error(`${init?.method ?? 'GET'} ${url} answered ${r.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** V8's heap in use and reserved, and memory outside it, from /__voicemock/metrics: RSS alone cannot tell retained memory from V8's reserve. */
async function memoryMb(base: string): Promise<{ heapMb: number | null; heapTotalMb: number | null; newSpaceMb: number | null; externalMb: number | null }> {
  const text = await fetch(`${base}/__voicemock/metrics`).then((r) => r.text(), () => '');
  const read = (pattern: RegExp) => {
    const value = pattern.exec(text)?.[1];
    return value === undefined ? null : Math.round(Number(value) / 2 ** 20);
  };
  return {
    heapMb: read(/^nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\S+)/m),
    heapTotalMb: read(/^nodejs_heap_size_total_bytes(?:\{[^}]*\})? (\S+)/m),
    newSpaceMb: read(/^nodejs_heap_space_size_total_bytes\{space="new"[^}]*\} (\S+)/m),
    externalMb: read(/^nodejs_external_memory_bytes(?:\{[^}]*\})? (\S+)/m),
  };
}

function rssMb(pid: number | undefined): number | null {
  try {
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
  } catch {
    return null;
  }
}

async function waitForLine(spawned: Spawned, pattern: RegExp): Promise<RegExpExecArray> {
  for (let i = 0; i < 1000; i++) {
    const match = pattern.exec(spawned.output());
    if (match) return match;
    await sleep(10);
  }
  throw new Error(`no ${pattern}: ${spawned.output()}`);
}

type Misbehaviour = 'never-reads' | 'floods' | 'half-frame' | 'hoards';
const MISBEHAVIOURS: Misbehaviour[] = ['never-reads', 'floods', 'half-frame', 'hoards'];

const rawSocket = (socket: WebSocket) => (socket as unknown as { _socket: { pause(): void; write(b: Buffer): void; destroyed: boolean } })._socket;

/** What each misbehaving agent does once the mock's `start` arrives. */
function misbehave(kind: Misbehaviour, socket: WebSocket): void {
  if (kind === 'never-reads') {
    rawSocket(socket).pause();
  } else if (kind === 'floods') {
    const flood = () => {
      if (socket.readyState !== socket.OPEN) return;
      // As fast as the mock reads: it stops reading past its per-tick budget, so TCP pushes back
      // and this side's buffer would grow without end if it kept writing regardless.
      if (socket.bufferedAmount < 4 * 1024 * 1024) for (let i = 0; i < 200; i++) socket.send(i % 2 ? '{"event":"clearAudio"}' : '{not json');
      setImmediate(flood);
    };
    flood();
  } else if (kind === 'hoards') {
    // Each 20 ms: 5 s of G.711 and a checkpoint named with 1 MiB, as a TTS that dumps everything would.
    const audio = JSON.stringify({ event: 'playAudio', media: { payload: Buffer.alloc(40_000, 0xd5).toString('base64'), contentType: 'audio/PCMA', sampleRate: 8000 } });
    const checkpoint = JSON.stringify({ event: 'checkpoint', name: 'c'.repeat(1024 * 1024) });
    const timer = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return clearInterval(timer);
      if (socket.bufferedAmount < 4 * 1024 * 1024) { socket.send(audio); socket.send(checkpoint); }
    }, 20);
  } else {
    const header = Buffer.alloc(10);
    header[0] = 0x81;
    header[1] = 127;
    header.writeBigUInt64BE(99n * 1024n * 1024n, 2);
    rawSocket(socket).write(header);
    rawSocket(socket).write(Buffer.alloc(1024 * 1024, 0x61));
  }
}

/** The misbehaving agents' answer server and media server, in this process. */
async function startMisbehavingAgent(): Promise<{ origin: string; close(): void }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const kind = (req.url ?? '').split('/').pop() as Misbehaviour;
      const { port } = server.address() as AddressInfo;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ stream: { url: `ws://${HOST}:${port}/media/${kind}`, bidirectional: true, keep_call_alive: true } }));
    });
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket, req) => {
    const kind = (req.url ?? '').split('/').pop() as Misbehaviour;
    socket.on('error', () => {});
    socket.once('message', () => misbehave(kind, socket));
  });
  await new Promise<void>((r) => server.listen(0, HOST, r));
  return {
    origin: `http://${HOST}:${(server.address() as AddressInfo).port}`,
    close: () => { for (const c of wss.clients) c.terminate(); server.close(); },
  };
}

async function main(): Promise<void> {
  reapOnExit();
  const receiverProc = spawnNode(['bench/stream-receiver.ts', '0'], { cwd: root });
  const receiver = `http://${HOST}:${(await waitForLine(receiverProc, /listening (\d+)/))[1]}`;
  const agent = await startMisbehavingAgent();
  const port = await freePort();
  const mock = spawnNode(['src/cli.ts', 'serve', '--port', String(port), '--host', HOST], { cwd: root });
  const base = `http://${HOST}:${port}`;
  try {
    await timeToFirstAnswer(mock, `${base}/__voicemock/health`);
    const numbers = ['+918000000101', '+918000000102', '+918000000103', '+918000000104', '+918000000105'];
    const org = await json(`${base}/__voicemock/orgs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Soak', sfvopi: { numbers } }) });
    const headers = { 'x-api-key': org.sfvopi.api_key, 'content-type': 'application/json' };
    const answers = [`${receiver}/answer/send`, ...MISBEHAVIOURS.map((k) => `${agent.origin}/answer/${k}`)];
    for (const [i, answerUrl] of answers.entries()) {
      const app = await json(`${base}/superfone/sfvopi/apps`, { method: 'POST', headers, body: JSON.stringify({ name: `Soak ${i}`, answer_url: answerUrl }) });
      await json(`${base}/superfone/sfvopi/apps/${app.data.app_id}/numbers`, { method: 'POST', headers, body: JSON.stringify({ voip_number: numbers[i] }) });
    }
    const place = (to: string) => json(`${base}/__voicemock/sfvopi/calls/inbound`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to, from: '+919900000001', hangup_after_seconds: null }),
    });
    for (let i = 0; i < goodStreams; i += 25) await Promise.all(Array.from({ length: Math.min(25, goodStreams - i) }, () => place(numbers[0]!)));
    await sleep(1000);
    await json(`${receiver}/window`, { method: 'POST' });
    const bad = new Map<Misbehaviour, string>();
    for (const [i, kind] of MISBEHAVIOURS.entries()) bad.set(kind, (await place(numbers[i + 1]!)).call_uuid);
    log(`${goodStreams} good streams and ${MISBEHAVIOURS.join(', ')} for ${seconds} s`);

    const samples: Array<{ s: number; rssMb: number | null; healthMs: number | null } & Awaited<ReturnType<typeof memoryMb>>> = [];
    let halfFrameCalls = 1;
    const started = performance.now();
    for (let s = 1; s <= seconds; s++) {
      await sleep(Math.max(0, started + s * 1000 - performance.now()));
      const t0 = performance.now();
      const healthMs = await fetch(`${base}/__voicemock/health`).then((r) => r.text()).then(() => performance.now() - t0, () => null);
      samples.push({ s, rssMb: rssMb(mock.child.pid), ...(await memoryMb(base)), healthMs });
      // The mock closes a half-frame agent's stream at once (the call stays up: keep_call_alive):
      // hang it up and place another call to it.
      const halfFrame = await json(`${base}/__voicemock/sfvopi/calls/${bad.get('half-frame')}`);
      if (halfFrame.stream?.closed_at) {
        await json(`${base}/__voicemock/sfvopi/calls/${halfFrame.call_uuid}/hangup`, { method: 'POST' });
        bad.set('half-frame', (await place(numbers[3]!)).call_uuid);
        halfFrameCalls++;
      }
      if (s % 10 === 0 || s === seconds) {
        const x = samples.at(-1)!;
        log(`  ${s} s: RSS ${x.rssMb} MB (heap in use ${x.heapMb} of ${x.heapTotalMb} MB, new space ${x.newSpaceMb} MB, external ${x.externalMb} MB), health ${healthMs?.toFixed(1)} ms`);
      }
    }
    const jitter = await json(`${receiver}/stats`);
    const misbehaving = Object.fromEntries(await Promise.all([...bad].map(async ([kind, uuid]) => {
      const call = await json(`${base}/__voicemock/sfvopi/calls/${uuid}`);
      const stream = call.stream ?? {};
      return [kind, { status: call.status, close_reason: stream.close_reason ?? null, out_dropped: stream.out_dropped ?? null, in_dropped: stream.in_dropped ?? null, media_sent: stream.media_sent ?? null, play_received: stream.play_received ?? null, queued_bytes: stream.queued_bytes ?? null }];
    })));
    const health = samples.map((x) => x.healthMs ?? Infinity).sort((a, b) => a - b);
    const out = {
      at: new Date().toISOString(), node: process.versions.node, loadAverage: loadavg(), seconds, goodStreams,
      rssMb: { first: samples[0]?.rssMb ?? null, max: Math.max(...samples.map((x) => x.rssMb ?? 0)), last: samples.at(-1)?.rssMb ?? null },
      heapUsedMb: { first: samples[0]?.heapMb ?? null, max: Math.max(...samples.map((x) => x.heapMb ?? 0)), last: samples.at(-1)?.heapMb ?? null },
      healthMs: { p50: health[Math.floor(health.length / 2)] ?? null, max: health.at(-1) ?? null, failed: samples.filter((x) => x.healthMs === null).length },
      goodJitter: { streams: jitter.streams, p50Ms: jitter.p50Ms, p99Ms: jitter.p99Ms, maxMs: jitter.maxMs, framesShort: jitter.framesShort, buckets: jitter.jitterBuckets },
      misbehaving,
      halfFrameCalls,
      samples,
    };
    writeFileSync(isAbsolute(values.out) ? values.out : resolve(root, values.out), JSON.stringify(out, null, 2) + '\n');
    process.stdout.write(`${JSON.stringify({ rssMb: out.rssMb, heapUsedMb: out.heapUsedMb, healthMs: out.healthMs, goodJitter: { ...out.goodJitter, buckets: undefined }, misbehaving }, null, 2)}\n`);
  } finally {
    agent.close();
    await stop(mock);
    await stop(receiverProc);
  }
}

await main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
