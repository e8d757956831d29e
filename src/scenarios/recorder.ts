// Recording: a proxy in front of a provider (real or not) that turns the exchanges it sees
// into a scenario. Credentials and secrets never reach the file: API keys, bearer tokens and
// session cookies become `as: recorded` (a given organisation the replay creates), and secret
// values in bodies are replaced. Values that differ on every run (ids, timestamps) are left
// out of the expectations so the scenario replays.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringify } from 'yaml';
import type { RequestStep, ReplayScript } from './types.ts';

const CREDENTIAL_HEADERS = new Set(['x-api-key', 'authorization', 'cookie']);
const KEPT_HEADERS = new Set(['content-type', 'prefer']);
const SECRET_KEY = /^(secret|api_key|api_keys|session|token|password)$/i;
const VOLATILE_KEY = /(^id$|_id$|_by$|_uuid$|^uuid$|_at$|^timestamp$|_time$|^next_cursor$)/i;
export const REDACTED = '<redacted>';

function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? REDACTED : redactSecrets(v)]));
  }
  return value;
}

/** The stable part of a response body: secrets and per-run values dropped. */
function expectation(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expectation);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !SECRET_KEY.test(k) && !VOLATILE_KEY.test(k))
        .map(([k, v]) => [k, expectation(v)]),
    );
  }
  return value;
}

function parse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface Recorder {
  url: string;
  steps: RequestStep[];
  /** Stops the proxy and returns the recorded scenario file as YAML. */
  stop(): Promise<string>;
}

export async function startRecorder(options: { upstream: string; port?: number; host?: string; name?: string; maxSteps?: number }): Promise<Recorder> {
  const upstream = options.upstream.replace(/\/$/, '');
  const steps: RequestStep[] = [];
  const maxSteps = options.maxSteps ?? 1000;
  let usedCredentials = false;

  const server = createServer(async (req, res) => {
    try {
      const body = await readAll(req);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string' && !['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)) headers[name] = value;
      }
      const upstreamResponse = await fetch(upstream + (req.url ?? '/'), {
        method: req.method,
        headers,
        body: req.method === 'GET' || req.method === 'HEAD' || body.length === 0 ? undefined : new Uint8Array(body),
      });
      const text = await upstreamResponse.text();
      const out: Record<string, string> = {};
      upstreamResponse.headers.forEach((v, k) => {
        if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(k)) out[k] = v;
      });
      res.writeHead(upstreamResponse.status, out);
      res.end(text);

      if (steps.length >= maxSteps) return;
      const step: RequestStep = { request: { method: req.method ?? 'GET', path: req.url ?? '/' }, expect: { status: upstreamResponse.status } };
      const kept = Object.fromEntries(Object.entries(headers).filter(([k]) => KEPT_HEADERS.has(k)));
      if (Object.keys(headers).some((k) => CREDENTIAL_HEADERS.has(k))) {
        step.as = 'recorded';
        usedCredentials = true;
      }
      const requestBody = parse(body.toString('utf8'));
      if (requestBody !== undefined) step.request.body = redactSecrets(requestBody);
      else if (body.length > 0) step.request.raw = body.toString('utf8');
      if (Object.keys(kept).length > 0 && requestBody === undefined) step.request.headers = kept;
      else if (kept.prefer) step.request.headers = { prefer: kept.prefer };
      const responseBody = parse(text);
      if (responseBody !== undefined) step.expect.body = expectation(responseBody);
      steps.push(step);
    } catch (error) {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'upstream_failed', message: error instanceof Error ? error.message : String(error) } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    steps,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      const scenario: ReplayScript = {
        name: options.name ?? 'recorded',
        description: `Recorded through voicemock record from ${upstream}. Credentials and secrets are redacted; ids and timestamps are left out of the expectations.`,
        ...(usedCredentials ? { given: { orgs: { recorded: {} } } } : {}),
        steps: steps.length > 0 ? steps : [{ advance_ms: 0 }],
      };
      return stringify({ scenarios: [scenario] }, { lineWidth: 0 });
    },
  };
}
