// The answer webhook: answer_url, then the app's fallback_answer_url, each with 10 s on the
// mock's clock. Only HTTP 200 with JSON valid against StreamJson counts (the docs require
// "HTTP 200"; any other status, 2xx included, is a failure). Failures get SFVoPI's exact 502
// messages, in the call's events and in the journal.
import type { MockContext } from '../../core/context.ts';
import type { Violation } from '../../core/journal.ts';
import { answerPayload } from './payloads.ts';
import { addEvent } from './call-events.ts';
import { ANSWER_TIMEOUT_MS } from './limits.ts';
import { readBounded } from '../../webhooks/bounded-read.ts';
import { describeFetchError, timedFetch, type WebhookTarget } from './request.ts';
import type { CallRun } from './runtime.ts';

export type { StreamJson, StreamConfig } from './stream/live.ts';
import type { StreamConfig, StreamJson } from './stream/live.ts';
import { excerpt } from '../../core/text.ts';

export const ANSWER_MESSAGES = {
  timeout: 'answer_url timeout',
  http: (status: number) => `answer_url returned HTTP ${status}`,
  connection: (error: string) => `answer_url connection failed: ${error}`,
  invalidJson: 'Invalid webhook response from answer_url',
  schema: 'Webhook response failed schema validation',
  both: 'Both answer_url and fallback_answer_url failed',
} as const;

export type AnswerOutcome =
  | { kind: 'stream'; stream: StreamConfig; defaulted?: DocsSilentDefaults }
  | { kind: 'failed'; message: string }
  | { kind: 'cancelled' };

/** The answer as the inspector shows it: the first 2 KiB of what your server returned. */
type Answered = { body?: string };
type Attempt = (AnswerOutcome & Answered) | { kind: 'failed'; message: string; status?: number; violations?: Violation[]; body?: string };

const NOT_JSON = Symbol('not json');
const TOO_LARGE = Symbol('too large');
const SHOWN_BODY_CHARS = 2048;

/** Stream JSON fields the providers' docs give no default for: voicemock's choice, switchable. */
export type DocsSilentDefaults = Partial<Pick<StreamConfig, 'bidirectional' | 'keep_call_alive'>>;
export const DOCS_SILENT_DEFAULTS: Required<DocsSilentDefaults> = { bidirectional: false, keep_call_alive: false };

export function withDefaults(stream: StreamJson['stream'], defaults: DocsSilentDefaults = {}): StreamConfig {
  const silent = { ...DOCS_SILENT_DEFAULTS, ...defaults };
  return {
    url: stream.url,
    codec: stream.codec ?? 'PCMA',
    sample_rate: stream.sample_rate ?? 8000,
    direction: stream.direction ?? 'BOTH',
    bidirectional: stream.bidirectional ?? silent.bidirectional,
    stream_timeout: stream.stream_timeout ?? 86400,
    keep_call_alive: stream.keep_call_alive ?? silent.keep_call_alive,
  };
}

/** The docs-silent fields a Stream JSON left out, with the values voicemock gave them. */
function defaultedOf(stream: StreamJson['stream'], config: StreamConfig): DocsSilentDefaults {
  const out: DocsSilentDefaults = {};
  for (const key of Object.keys(DOCS_SILENT_DEFAULTS) as Array<keyof DocsSilentDefaults>) if (stream[key] === undefined) out[key] = config[key];
  return out;
}

/** Said where the user looks (the call's events, the journal) when a left-out field silences the call. */
export function defaultsNotice(defaulted: DocsSilentDefaults): string | null {
  if (defaulted.bidirectional !== false) return null;
  return 'Stream JSON left out bidirectional; the docs give no default and voicemock takes it as false, so every playAudio will be ignored. Send bidirectional: true, or start voicemock with --stream-defaults bidirectional=true';
}

async function attempt(ctx: MockContext, run: CallRun, target: WebhookTarget): Promise<Attempt> {
  const controller = new AbortController();
  run.aborts.add(controller);
  let body: string | undefined;
  try {
    const result = await timedFetch(ctx, target, answerPayload(run.call), ANSWER_TIMEOUT_MS, controller, async (response) => {
      if (response.status !== 200) {
        await response.body?.cancel().catch(() => {});
        return undefined;
      }
      // Streamed with a cap: a huge answer costs the cap, not its size.
      const { text, truncated } = await readBounded(response, ctx.config.maxAnswerBodyBytes);
      if (truncated) return TOO_LARGE;
      body = excerpt(text, SHOWN_BODY_CHARS, '');
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return NOT_JSON;
      }
    });
    if (!result.ok) {
      if (result.timedOut) return { kind: 'failed', message: ANSWER_MESSAGES.timeout };
      if (run.ending) return { kind: 'cancelled' };
      return { kind: 'failed', message: ANSWER_MESSAGES.connection(describeFetchError(result.error)) };
    }
    const { status } = result.response;
    if (status !== 200) return { kind: 'failed', message: ANSWER_MESSAGES.http(status), status };
    if (result.value === NOT_JSON) return { kind: 'failed', message: ANSWER_MESSAGES.invalidJson, status, body };
    if (result.value === TOO_LARGE) return { kind: 'failed', message: ANSWER_MESSAGES.schema, status, violations: [{ location: 'response.body', message: 'is too large' }] };
    const violations = ctx.contract.validateAt('#/components/schemas/StreamJson', result.value);
    if (violations.length > 0) return { kind: 'failed', message: ANSWER_MESSAGES.schema, status, violations, body };
    const given = (result.value as StreamJson).stream;
    const stream = withDefaults(given, ctx.config.streamDefaults);
    return { kind: 'stream', stream, defaulted: defaultedOf(given, stream), body };
  } finally {
    run.aborts.delete(controller);
  }
}

function journalFailure(ctx: MockContext, run: CallRun, target: WebhookTarget, message: string, violations: Violation[], started: number) {
  journalNote(ctx, run, target, 502, message, started, violations);
}

function journalNote(ctx: MockContext, run: CallRun, target: WebhookTarget, status: number, message: string, started: number, violations: Violation[] = []) {
  ctx.journal.record({
    at: new Date(ctx.clock.now()).toISOString(),
    method: target.method,
    path: target.url,
    status,
    operation_id: 'sfvopiAnswerWebhook',
    matched: true,
    scenario: run.scenario ?? null,
    org_id: run.call.org_id,
    violations,
    duration_ms: Math.round((performance.now() - started) * 1000) / 1000,
    note: message,
  });
}

async function tryTarget(ctx: MockContext, run: CallRun, target: WebhookTarget, which: 'answer_url' | 'fallback_answer_url'): Promise<Attempt> {
  const started = performance.now();
  const sentAt = ctx.clock.now();
  const outcome = await attempt(ctx, run, target);
  if (outcome.kind === 'cancelled' || run.ending) return { kind: 'cancelled' };
  // duration_ms: how long the answer took on the mock's clock (the inspector shows it).
  const detail = { url: target.url, method: target.method, which, duration_ms: ctx.clock.now() - sentAt, ...('body' in outcome && outcome.body !== undefined ? { body: outcome.body } : {}) };
  if (outcome.kind === 'stream') {
    addEvent(ctx, run.call, 'answer_webhook', { status: 200, detail });
    const notice = defaultsNotice(outcome.defaulted ?? {});
    if (notice) {
      addEvent(ctx, run.call, 'stream_defaults', { message: notice, detail: { defaulted: outcome.defaulted } });
      journalNote(ctx, run, target, 200, notice, started);
    }
  } else {
    const violations = 'violations' in outcome ? outcome.violations ?? [] : [];
    const status = 'status' in outcome ? outcome.status : undefined;
    addEvent(ctx, run.call, 'answer_webhook', {
      message: outcome.message,
      ...(status !== undefined ? { status } : {}),
      detail: violations.length > 0 ? { ...detail, violations } : detail,
    });
    journalFailure(ctx, run, target, outcome.message, violations, started);
  }
  return outcome;
}

/**
 * Scenarios named after the answer webhook's documented 502s make answer_url fail that way
 * without contacting it (a timeout still takes its 10 s on the clock). The fallback is then
 * tried for real, except under answer-and-fallback-failed, where it fails too.
 */
export const FORCED_ANSWER_FAILURES: Record<string, string> = {
  'answer-timeout': ANSWER_MESSAGES.timeout,
  'answer-http-error': ANSWER_MESSAGES.http(500),
  'answer-connection-failed': ANSWER_MESSAGES.connection('connect ECONNREFUSED'),
  'answer-invalid-json': ANSWER_MESSAGES.invalidJson,
  'answer-schema-invalid': ANSWER_MESSAGES.schema,
  'answer-and-fallback-failed': ANSWER_MESSAGES.http(503),
};

async function forcedFailure(ctx: MockContext, run: CallRun, target: WebhookTarget, which: 'answer_url' | 'fallback_answer_url', message: string): Promise<Attempt> {
  const started = performance.now();
  if (message === ANSWER_MESSAGES.timeout) {
    await run.timers.sleep(ANSWER_TIMEOUT_MS);
  }
  if (run.ending) return { kind: 'cancelled' };
  addEvent(ctx, run.call, 'answer_webhook', { message, detail: { url: target.url, method: target.method, which, scenario: run.scenario } });
  journalFailure(ctx, run, target, message, [], started);
  return { kind: 'failed', message };
}

export async function requestStream(ctx: MockContext, run: CallRun): Promise<AnswerOutcome> {
  const { answer, fallback_answer: fallback } = run.call.webhooks;
  const forced = run.scenario ? FORCED_ANSWER_FAILURES[run.scenario] : undefined;
  const primary = forced ? await forcedFailure(ctx, run, answer, 'answer_url', forced) : await tryTarget(ctx, run, answer, 'answer_url');
  if (primary.kind !== 'failed' || !fallback) return primary;
  const second = run.scenario === 'answer-and-fallback-failed'
    ? await forcedFailure(ctx, run, fallback, 'fallback_answer_url', forced!)
    : await tryTarget(ctx, run, fallback, 'fallback_answer_url');
  if (second.kind !== 'failed') return second;
  journalFailure(ctx, run, fallback, ANSWER_MESSAGES.both, [], performance.now());
  return { kind: 'failed', message: ANSWER_MESSAGES.both };
}
