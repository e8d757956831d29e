// Break 11 of part two: a reader of GET /__voicemock/events paused for 20 s got 351 queued
// events when it resumed, although the README says "a slow reader gets fewer events, never a
// backlog". The stream queued up to four events, and the HTTP adapter kept writing past what
// the socket took. Now one event waits for a paused reader; every later change merges into one.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVoicemock } from '../../src/index.ts';
import { send } from '../support/mock-client.ts';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { writeResponse } from '../../src/http/outgoing.ts';

const decoder = new TextDecoder();
type Reader = ReadableStreamDefaultReader<Uint8Array>;

async function events(reader: Reader, count: number): Promise<Array<{ event: string; data: any }>> {
  const out: Array<{ event: string; data: any }> = [];
  while (out.length < count) {
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended');
    for (const block of decoder.decode(value).split('\n\n')) {
      const event = /^event: (.+)$/m.exec(block);
      if (event) out.push({ event: event[1]!, data: JSON.parse(/^data: (.+)$/m.exec(block)![1]!) });
    }
  }
  return out;
}

/** Whether a read is already waiting to be answered, after the event loop has turned a few times. */
async function pending(read: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void read.then(() => { settled = true; }, () => { settled = true; });
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  return settled;
}

afterEach(() => void vi.useRealTimers());

describe('the event stream coalesces for a reader that does not read', () => {
  it('50 bursts of changes while paused: on resuming, one queued event and one merged one, then nothing', async () => {
    const mock = await createVoicemock();
    const response = await mock.fetch('http://127.0.0.1:4010/__voicemock/events');
    const reader = response.body!.getReader();
    expect((await events(reader, 1))[0]!.event).toBe('ready');
    // The batching timer is a real one (a virtual clock stands still): drive it by hand.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    for (let i = 0; i < 50; i++) {
      await send(mock, 'PUT', `/__voicemock/receivers/r${i}`, { body: {} });
      if (i === 25) await send(mock, 'PUT', '/__voicemock/scenarios/active', { body: { scenario: 'list-apps-failed' } });
      vi.advanceTimersByTime(50); // a batch falls due after every burst
    }
    vi.useRealTimers();
    const [first, merged] = await events(reader, 2);
    expect(first).toEqual({ event: 'change', data: { topics: ['receivers', 'journal'] } });
    expect(merged!.event).toBe('change');
    expect([...merged!.data.topics].sort()).toEqual(['journal', 'receivers', 'scenarios']);
    expect(await pending(reader.read())).toBe(false); // no backlog behind them
    await reader.cancel();
  });
});

describe('over HTTP, the next event is written only once the socket took the last', () => {
  it('a socket that stays full gets one write; the rest stay in the stream, where they merge', async () => {
    let produced = 0;
    const body = new ReadableStream<Uint8Array>({ pull: (c) => void c.enqueue(new TextEncoder().encode(`event: change\ndata: ${produced++}\n\n`)) }, { highWaterMark: 0 });
    const res = Object.assign(new EventEmitter(), {
      destroyed: false,
      writes: 0,
      writeHead() {},
      flushHeaders() {},
      write() { res.writes++; return false; }, // the peer never reads: the socket never drains
      end() {},
    });
    void writeResponse(res as unknown as ServerResponse, new Response(body, { headers: { 'content-type': 'text/event-stream' } }), 'GET');
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(res.writes).toBe(1);
    expect(produced).toBeLessThanOrEqual(2);
    res.emit('drain');
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(res.writes).toBe(2);
    res.destroyed = true;
    res.emit('close');
  });
});
