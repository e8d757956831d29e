// Real local receivers (node:http on 127.0.0.1, port 0) and a mock with one webhook, for the
// delivery tests. The mock runs on a virtual clock; network I/O still takes real time, so tests
// wait for an attempt to land before they advance the clock.
import { afterEach } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVoicemock, type Voicemock } from '../../src/index.ts';
import type { MockContext } from '../../src/core/context.ts';
import { contextOf } from '../../src/internal.ts';
import type { VxWebhook } from '../../src/voxifi/model.ts';
import { send } from '../support/client.ts';

export interface Received {
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  text: string;
}

/** What the receiver does with a request: answer (status, body) or never answer. */
export type Reply = { status: number; body?: string } | 'hang';

export interface Receiver {
  url: string;
  port: number;
  requests: Received[];
  close(): Promise<void>;
}

export async function startReceiver(reply: (req: Received, index: number) => Reply): Promise<Receiver> {
  const requests: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const received = { headers: req.headers, rawBody, text: rawBody.toString('utf8') };
      requests.push(received);
      const answer = reply(received, requests.length - 1);
      if (answer === 'hang') return;
      res.writeHead(answer.status, { 'content-type': 'text/plain' });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const r = await startReceiver(() => ({ status: 200 }));
  await r.close();
  return r.port;
}

/** Yields to the event loop until `check` holds; fails after `timeoutMs` of wall time. */
export async function until(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

export interface Setup {
  mock: Voicemock;
  ctx: MockContext;
  orgId: number;
  voxifiOrgId: string;
  hook: VxWebhook;
}

export const SECRET = 'whsec_testsecret123';

// Tests hold a ctx; the client needs its mock.
const mocks = new WeakMap<MockContext, Voicemock>();
const mockOf = (ctx: MockContext) => {
  const mock = mocks.get(ctx);
  if (!mock) throw new Error('a ctx from setup() is needed');
  return mock;
};

export async function setup(url: string, changes: Partial<Pick<VxWebhook, 'events' | 'enabled'>> = {}): Promise<Setup> {
  const mock = await createVoicemock({ seedDemoOrg: true });
  const ctx = contextOf(mock); // internal: these tests drive the delivery engine itself, which takes the context
  mocks.set(ctx, mock);
  const org = ctx.store.orgs.all()[0]!;
  const hook = await addWebhook(ctx, org.id, url, changes);
  return { mock, ctx, orgId: org.id, voxifiOrgId: org.voxifiOrgId, hook };
}

/** An endpoint registered through the API, as a user would, with the test secret. */
export async function addWebhook(target: MockContext | Voicemock, orgId: number, url: string, changes: Partial<Pick<VxWebhook, 'events' | 'enabled'>> = {}): Promise<VxWebhook> {
  const mock: Voicemock = 'dispatch' in target ? target : mockOf(target);
  const ctx = contextOf(mock); // internal: the org's key and the stored endpoint (its secret), which no view shows
  const owner = ctx.store.apiKeys.all().find((k) => k.orgId === orgId && k.provider === 'voxifi' && k.role === 'Owner' && !k.revoked);
  if (!owner) throw new Error(`organisation ${orgId} has no Voxifi Owner key`);
  const input = { url, events: ['call.started', 'call.ended', 'call.completed', 'call.failed'], secret: SECRET, ...changes };
  const { status, body } = await send(mock, 'POST', '/voxifi/v1/webhooks', { body: input, headers: { authorization: `Bearer ${owner.key}` } });
  if (status !== 200) throw new Error(`creating the webhook answered ${status}: ${JSON.stringify(body)}`);
  return ctx.store.vxWebhooks.get(body.id)!;
}

export const ENDED = { call_id: 'call_abc123', end_time: '2026-01-01T09:00:00Z', duration_seconds: 305 };

/** Receivers started by a test file, closed after each test (call in the file's top level). */
export function useReceivers(): (...args: Parameters<typeof startReceiver>) => Promise<Receiver> {
  let started: Receiver[] = [];
  afterEach(async () => {
    await Promise.all(started.map((r) => r.close()));
    started = [];
  });
  return async (...args) => {
    const r = await startReceiver(...args);
    started.push(r);
    return r;
  };
}
