// Break 4: the answer webhook's response was read whole (response.text()) before its size was
// checked; one 100 MiB answer added 350 MB of RSS. Now it is streamed with a cap: an answer
// that never ends is cut at maxAnswerBodyBytes and the call fails with the schema message.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, until, type World } from '../calls/peers.ts';

let server: Server | undefined;
let world: World | undefined;
afterEach(async () => {
  await world?.mock.reset();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

describe('the answer webhook response is read with a cap', () => {
  it('an endless 200 answer is cut after maxAnswerBodyBytes: schema failure, the stream cancelled', async () => {
    let sent = 0;
    let cut = false;
    server = createServer((req, res) => {
      if (req.url !== '/answer') return void res.end('{}');
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      res.write('{"stream":{"url":"ws://127.0.0.1:9/x","pad":"');
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) sent += chunk.length;
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => (cut = true));
      pump();
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    world = await createWorld({ answer_url: `${base}/answer`, hangup_url: `${base}/hangup` }, { config: { maxAnswerBodyBytes: 256 * 1024 } });
    const r = await world.control('POST', '/sfvopi/calls/inbound', { to: world.number, from: '+919900000001' });
    expect(r.status).toBe(200);
    const uuid = r.body.call_uuid as string;
    // No clock advance: a whole read would wait for an end that never comes.
    await until(async () => (await world!.call(uuid)).ended, 'the call to end');
    const call = await world.call(uuid);
    expect(call.failure).toBe('Webhook response failed schema validation');
    expect(call.events).toContainEqual(expect.objectContaining({
      type: 'answer_webhook',
      message: 'Webhook response failed schema validation',
      detail: expect.objectContaining({ violations: [{ location: 'response.body', message: 'is too large' }] }),
    }));
    await until(() => cut, 'the answer stream to be cancelled');
    // Read stops at the cap; socket buffers let a few MiB more leave the sender, never the whole stream.
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });
});
