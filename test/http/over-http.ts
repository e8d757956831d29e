// Talk to a running voicemock over real HTTP (node:http, so raw headers stay visible), and
// check the answer against the contract when the caller names the operation.
import { request as httpRequest, Agent, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { expect } from 'vitest';
import type { Voicemock } from '../../src/index.ts';
import { apiContract, controlContract } from '../support/contracts.ts';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  body: any;
}

export const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export function call(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; raw?: string | Buffer } = {},
): Promise<Answer> {
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = { ...options.headers };
  if (payload !== undefined) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(base + path, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Expects the answer to be one the contract documents for this operation. */
export function expectContract(_mock: Voicemock, operationId: string, answer: Answer, validator: 'contract' | 'control' = 'contract'): void {
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    for (const v of Array.isArray(value) ? value : [value ?? '']) headers.append(name, v);
  }
  const violations = (validator === 'control' ? controlContract() : apiContract()).validateResponse(operationId, { status: answer.status, headers, body: answer.body });
  expect(violations, `${operationId} → ${answer.status} ${answer.text}`).toEqual([]);
}

/** Writes raw bytes on a fresh socket and returns everything the server sends until it closes or goes quiet. */
export function rawExchange(port: number, bytes: string | Buffer, options: { after?: 'end' | 'reset'; quietMs?: number } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(out);
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(finish, options.quietMs ?? 500);
    };
    socket.on('data', (d) => {
      out += d.toString('latin1');
      arm();
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.write(bytes, () => {
      if (options.after === 'end') socket.end();
      if (options.after === 'reset') {
        socket.resetAndDestroy(); // RST, as a crashed client would
        finish();
      }
    });
    arm();
  });
}
