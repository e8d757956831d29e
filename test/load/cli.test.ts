// `voicemock load` as a user runs it: a child process on the real clock against a small agent
// on 127.0.0.1 (an answer webhook and a WebSocket server that answers each utterance after
// 50 ms). Nothing here depends on how long things take: the thresholds that fail are ones no
// timing can pass (a response under 1 ms from an agent that waits 50 ms).
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValidReport } from './helpers.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const silence = Buffer.alloc(160, 0xd5).toString('base64');

function voicemock(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['src/cli.ts', 'load', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let answerUrl = '';
let hookUrl = '';
let hooks = 0;
let close: () => Promise<void>;
const dir = mkdtempSync(join(tmpdir(), 'voicemock-load-'));

beforeAll(async () => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (socket) => {
    let heard = false;
    let replied = false;
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw));
      if (message.event !== 'media' || replied) return;
      const speech = Buffer.from(message.media.payload, 'base64').some((b) => b !== 0xd5 && b !== 0x55);
      if (speech) heard = true;
      else if (heard) {
        replied = true;
        setTimeout(() => {
          for (let i = 0; i < 3; i++) socket.send(JSON.stringify({ event: 'playAudio', media: { payload: silence } }));
          socket.send(JSON.stringify({ event: 'checkpoint', name: 'reply' }));
        }, 50);
      }
    });
  });
  const wsUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/media`;
  const http = createServer((req, res) => {
    if (req.url === '/hook') hooks++;
    req.resume().on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ stream: { url: wsUrl, bidirectional: true } }));
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  answerUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}/answer`;
  hookUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}/hook`;
  close = async () => {
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
    http.closeAllConnections();
    await new Promise<void>((r) => http.close(() => r()));
  };
});

afterAll(() => close());

const plan = ['--calls', '3', '--rate', '20', '--hold', '1.5', '--audio', 'tone:440', '--utterance-end-ms', '200'];

describe('voicemock load (child process, real clock)', () => {
  it('runs the plan, prints a summary, writes a schema-valid report and JUnit, exits 0 when thresholds hold', async () => {
    const json = join(dir, 'ok.json');
    const junit = join(dir, 'ok.xml');
    const r = await voicemock(['--answer-url', answerUrl, ...plan, '--json', json, '--junit', junit, '--max-failed-calls', '0', '--max-malformed-messages', '0']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toMatch(/load sfvopi 3\/3 started, 0 active, 3 completed, 0 failed/);
    expect(r.stdout).toMatch(/^measure\s+count\s+p50 ms\s+p90 ms\s+p99 ms\s+max ms$/m);
    expect(r.stdout).toContain('PASS max-failed-calls 0 (limit 0)');
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expectValidReport(report);
    // Not streams_opened: on a saturated machine a call may hang up before its stream connects.
    expect(report.counters).toMatchObject({ calls_planned: 3, calls_started: 3, calls_completed: 3, calls_failed: 0 });
    expect(report.plan.target).toEqual({ provider: 'sfvopi', direction: 'inbound', to: '+918000000001', answer_url: answerUrl });
    expect(readFileSync(junit, 'utf8')).toContain('tests="2" failures="0"');
  }, 30_000);

  it('exits 1 when a threshold is crossed', async () => {
    const junit = join(dir, 'fail.xml');
    const r = await voicemock(['--answer-url', answerUrl, ...plan, '--junit', junit, '--max-p99-response-ms', '1']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/FAIL max-p99-response-ms/);
    expect(readFileSync(junit, 'utf8')).toContain('failures="1"');
  }, 30_000);

  it('runs shards and merges their reports', async () => {
    const files = [0, 1].map((i) => join(dir, `shard-${i}.json`));
    const runs = await Promise.all(files.map((file, i) => voicemock(['--answer-url', answerUrl, ...plan, '--shard', `${i}/2`, '--json', file])));
    for (const r of runs) expect(r.code, r.stdout + r.stderr).toBe(0);
    const parts = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
    expect(parts.map((p) => p.counters.calls_planned)).toEqual([2, 1]);
    const out = join(dir, 'merged.json');
    const merged = await voicemock(['merge', ...files, '--json', out, '--max-failed-calls', '0']);
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expectValidReport(report);
    for (const [name, n] of Object.entries(report.counters)) expect(n, name).toBe(parts[0].counters[name] + parts[1].counters[name]);
    for (const [name, h] of Object.entries<any>(report.histograms)) expect(h.count, name).toBe(parts[0].histograms[name].count + parts[1].histograms[name].count);
    expect(report.counters.calls_started).toBe(3);
    expect(report.shards).toEqual([{ index: 0, count: 2 }, { index: 1, count: 2 }]);
  }, 30_000);

  it('drives a Voxifi campaign against a webhook endpoint', async () => {
    const json = join(dir, 'voxifi.json');
    const r = await voicemock(['--provider', 'voxifi', '--webhook-url', hookUrl, '--calls', '3', '--concurrency', '3', '--time-scale', '20', '--json', json, '--max-dead-letters', '0']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expectValidReport(report);
    // call.started, call.ended and call.completed for each of the 3 calls.
    expect(report.counters).toMatchObject({ calls_planned: 3, calls_completed: 3, deliveries: 9, delivered: 9, dead_letters: 0 });
    expect(hooks).toBeGreaterThanOrEqual(9);
  }, 30_000);

  it('load --help lists its options', async () => {
    const r = await voicemock(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--shard <i/N>');
    expect(r.stdout).toContain('voicemock load merge');
  });

  it('refuses an unknown threshold and a bad shard with usage errors', async () => {
    const a = await voicemock(['--answer-url', answerUrl, '--max-p99-nonsense-ms', '5']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('unknown threshold --max-p99-nonsense-ms');
    const b = await voicemock(['--answer-url', answerUrl, '--shard', '2/2']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('--shard must be i/N');
  }, 30_000);
});
