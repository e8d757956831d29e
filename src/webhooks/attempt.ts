// One webhook HTTP attempt: POST, a timeout on the mock's clock, the first bytes of the answer.
// Never throws: every failure becomes an outcome the policy can classify.
import type { AttemptOutcome } from './policy.ts';
import { readBounded } from './bounded-read.ts';
import type { Timers } from '../core/timers.ts';

export interface AttemptRequest {
  fetch: typeof fetch;
  /** The caller's timers (core/timers.ts), so a reset cancels the timeout too. */
  timers: Pick<Timers, 'now' | 'setTimeout' | 'clearTimeout'>;
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  responseBodyBytes: number;
  /** When the attempt began (before signing); the timeout and duration count from here. Default: now. */
  startedAt?: number;
  /** Receives the abort function while the request is in flight, so a reset can cut it short. */
  onAbortable?: (abort: (() => void) | null) => void;
}

export interface AttemptResult {
  startedAt: number;
  durationMs: number;
  outcome: AttemptOutcome;
}

function connectionMessage(err: unknown): string {
  // undici wraps the socket error: TypeError('fetch failed', { cause: Error('connect ECONNREFUSED …') }).
  const cause = (err as { cause?: unknown })?.cause as { message?: string; code?: string; errors?: Array<{ message?: string }> } | undefined;
  const message = cause?.message || cause?.errors?.[0]?.message || cause?.code || (err as Error)?.message;
  return message ? String(message) : 'Connection failed';
}

export async function postWebhook(req: AttemptRequest): Promise<AttemptResult> {
  const { timers } = req;
  const startedAt = req.startedAt ?? timers.now();
  const controller = new AbortController();
  let timedOut = false;
  const timer = timers.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, Math.max(0, startedAt + req.timeoutMs - timers.now()));
  req.onAbortable?.(() => controller.abort());
  let status: number | null = null;
  let outcome: AttemptOutcome;
  try {
    // Redirects are not followed: a 3xx is an answer like any other (a permanent failure).
    const response = await req.fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, redirect: 'manual', signal: controller.signal });
    status = response.status;
    let body = '';
    try {
      body = (await readBounded(response, req.responseBodyBytes)).text;
    } catch (err) {
      if (timedOut) throw err;
      // The status already arrived; a body cut short does not change the verdict.
    }
    outcome = { kind: 'response', status, body };
  } catch (err) {
    outcome = timedOut ? { kind: 'timeout', status } : { kind: 'connection', message: connectionMessage(err) };
  } finally {
    timers.clearTimeout(timer);
    req.onAbortable?.(null);
  }
  return { startedAt, durationMs: Math.max(0, Math.round(timers.now() - startedAt)), outcome };
}
