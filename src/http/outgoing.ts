// Fetch Response → node:http response. JSON bodies are small, so they are written in one go
// with a Content-Length; event streams are piped chunk by chunk.
import type { ServerResponse } from 'node:http';
import { JsonResponse } from '../core/operation.ts';

function nodeHeaders(response: Response): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') out[name] = value;
  });
  // Headers joins repeated values with ", ", which would corrupt cookies: keep them apart.
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) out['set-cookie'] = cookies;
  return out;
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export async function writeResponse(res: ServerResponse, response: Response, method: string | undefined): Promise<void> {
  const headers = nodeHeaders(response);
  // A JsonResponse always has a body; asking for it would make its stream for nothing.
  const bodyless = method === 'HEAD' || response.status === 204 || response.status === 304 || (!(response instanceof JsonResponse) && response.body === null);
  if (bodyless) {
    if (!(response instanceof JsonResponse)) await response.body?.cancel();
    res.writeHead(response.status, response.statusText || undefined, headers);
    res.end();
    return;
  }
  if ((headers['content-type'] as string | undefined)?.includes('text/event-stream')) {
    res.writeHead(response.status, response.statusText || undefined, headers);
    res.flushHeaders();
    const reader = response.body!.getReader();
    res.on('close', () => void reader.cancel().catch(() => {}));
    // Read the next event only once the socket has taken the last: a reader that does not read
    // leaves them in the stream, where they merge (event-stream.ts), not in the socket's buffer.
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      if (!res.write(value)) await drained(res);
    }
    res.end();
    return;
  }
  // JSON and text go out as a string: node:http then sends head and body in one write instead
  // of a writev. Anything else stays bytes, so binary bodies are not re-encoded.
  const type = (headers['content-type'] as string | undefined) ?? '';
  const body = response instanceof JsonResponse ? response.jsonText : (/json|^text\//i.test(type) ? await response.text() : Buffer.from(await response.arrayBuffer()));
  if (headers['content-length'] === undefined) headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(response.status, response.statusText || undefined, headers);
  res.end(body);
}
