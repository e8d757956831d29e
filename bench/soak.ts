// Memory soak: `voicemock serve` with every limit at its default, a steady mix of requests that
// grow every store a client can grow, and the server's RSS sampled as it goes. RSS must level
// off once the limits are reached. `node bench/soak.ts [seconds] [requests per second]` (default
// 420 s at 300/s, long enough to fill every store to its limit); 127.0.0.1 only.
import { readFileSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, spawnNode, stop, timeToFirstAnswer } from './processes.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const HOST = '127.0.0.1';
const seconds = Number(process.argv[2] ?? 420);
const rate = Number(process.argv[3] ?? 300);
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

function send(base: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((done) => {
    const req = request(base + path, { method, agent, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('error', () => done(0));
    req.end(body);
  });
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function main(): Promise<void> {
  const port = await freePort();
  const spawned = spawnNode(['bin/voicemock.js', 'serve', '--port', String(port), '--host', HOST, '--time-scale', '20'], { cwd: root });
  await timeToFirstAnswer(spawned, `http://${HOST}:${port}/__voicemock/health`);
  const base = `http://${HOST}:${port}`;
  const line = spawned.output();
  const sfv = { 'x-api-key': /X-API-Key: (\S+)/.exec(line)![1]! };
  const vx = { authorization: `Bearer ${/Bearer (\S+)/.exec(line)![1]!}` };
  const pad = 'x'.repeat(4096);
  const agents = await new Promise<string>((done) => {
    request(`${base}/voxifi/v1/agents`, { headers: vx }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c)).on('end', () => done(text));
    }).end();
  });
  const agentId = (JSON.parse(agents) as { data: Array<{ id: string }> }).data[0]!.id;
  for (let k = 0; k < 5; k++) await send(base, 'POST', '/voxifi/v1/balance/top-ups', vx, JSON.stringify({ amount: 10_000 }));
  await send(base, 'POST', '/voxifi/v1/webhooks', vx, JSON.stringify({ url: `${base}/__voicemock/receivers/vx/hook`, events: ['call.started', 'call.ended', 'call.completed', 'call.failed'] }));
  // One request of the mix per tick: apps grow to the per-org limit, receivers to theirs, Voxifi
  // calls and their deliveries run on the clock, the journal turns over.
  const mix: Array<(i: number) => Promise<number>> = [
    (i) => send(base, 'POST', '/superfone/sfvopi/apps', sfv, JSON.stringify({ name: `soak ${i}`, answer_url: 'http://127.0.0.1:9/answer' })),
    (i) => send(base, 'POST', `/__voicemock/receivers/r${i % 150}/hook?i=${i}`, {}, JSON.stringify({ i, pad })),
    () => send(base, 'POST', '/voxifi/v1/calls', vx, JSON.stringify({ assistant_id: agentId, customer_number: '+15005550004' })),
    () => send(base, 'GET', '/superfone/sfvopi/apps/sfv_app_missing', sfv),
    () => send(base, 'GET', '/__voicemock/journal?limit=50', {}),
    (i) => send(base, 'GET', `/__voicemock/receivers/r${i % 100}?limit=20`, {}),
  ];
  const samples: Array<{ s: number; mb: number }> = [];
  const started = performance.now();
  const statuses = new Map<number, number>();
  let i = 0;
  let inFlight = 0;
  const sampler = setInterval(() => samples.push({ s: Math.round((performance.now() - started) / 1000), mb: rssMb(spawned.child.pid!) }), 5000);
  try {
    while (performance.now() - started < seconds * 1000) {
      const due = ((performance.now() - started) / 1000) * rate;
      while (i < due && inFlight < 64) {
        const n = i++;
        inFlight++;
        void mix[n % mix.length]!(Math.floor(n / mix.length)).then((status) => {
          inFlight--;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        });
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    clearInterval(sampler);
    await stop(spawned);
  }
  // Levelled: the peak of the last quarter of the run is no more than 5 % above the peak of the
  // quarter before (peaks, because a major GC makes single samples dip).
  const quarter = Math.max(1, Math.floor(samples.length / 4));
  const peak = (xs: Array<{ mb: number }>) => Math.max(...xs.map((x) => x.mb));
  const third = peak(samples.slice(-2 * quarter, -quarter));
  const last = peak(samples.slice(-quarter));
  console.log(`RSS peak: third quarter ${third} MB, last quarter ${last} MB, whole run ${peak(samples)} MB`);
  const levelled = last <= third * 1.05;
  console.log(levelled ? 'levels off: yes' : 'levels off: NO (the last quarter peaks more than 5 % above the one before)');
  process.exitCode = levelled ? 0 : 1;
}

await main();
