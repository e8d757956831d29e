// An Answer as the Fetch API shows it to a client: a reset connection is a rejected fetch and
// a truncated body is one whose stream fails part-way, as undici and browsers report them.
import { TRUNCATED_BODY, type Answer } from './operation.ts';

const TRUNCATED_BYTES = new TextEncoder().encode(TRUNCATED_BODY).length;

export function connectionReset(): TypeError {
  const cause = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  return new TypeError('fetch failed', { cause });
}

/**
 * The status and headers of a truncated answer, a Content-Length twice the bytes that follow,
 * and a body that fails after them. The failure waits a turn so that a transport which writes
 * the response out (msw's interceptor) has sent the head first: the client then sees what a
 * cut connection looks like, a 200 whose body breaks off, not a failed fetch.
 */
export function truncatedResponse(answer: Answer): Response {
  const { response } = answer;
  let partial: Uint8Array | null = null;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (partial === null) {
        partial = new Uint8Array(await response.arrayBuffer());
        return controller.enqueue(partial);
      }
      await new Promise((r) => (typeof setImmediate === 'function' ? setImmediate(r) : setTimeout(r, 0)));
      controller.error(new TypeError('terminated'));
    },
  });
  const headers = new Headers(response.headers);
  headers.set('content-length', String(2 * TRUNCATED_BYTES));
  return new Response(body, { status: response.status, headers });
}

/** Throws for a reset, like fetch does. */
export function toFetchResponse(answer: Answer): Response {
  if (answer.fault === 'reset') throw connectionReset();
  if (answer.fault === 'truncated') return truncatedResponse(answer);
  return answer.response;
}
