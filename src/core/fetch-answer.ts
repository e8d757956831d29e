// An Answer as the Fetch API shows it to a client: a reset connection is a rejected fetch and
// a truncated body is one whose stream fails part-way, as undici and browsers report them.
import type { Answer } from './operation.ts';

export function connectionReset(): TypeError {
  const cause = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  return new TypeError('fetch failed', { cause });
}

/** The status, headers and partial body of a truncated answer, then a failing stream. */
export function truncatedResponse(answer: Answer): Response {
  const { response } = answer;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(new Uint8Array(await response.arrayBuffer()));
      controller.error(new TypeError('terminated'));
    },
  });
  return new Response(body, { status: response.status, headers: response.headers });
}

/** Throws for a reset, like fetch does. */
export function toFetchResponse(answer: Answer): Response {
  if (answer.fault === 'reset') throw connectionReset();
  if (answer.fault === 'truncated') return truncatedResponse(answer);
  return answer.response;
}
