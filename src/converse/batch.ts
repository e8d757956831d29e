// Several scripts, each run `repeat` times, as the calls of a load test: at most `concurrency`
// conversations at once on one mock, against one app set up once. The call indexes are those
// of a load plan (scripts × repeat), so `--shard i/N` runs calls i, i+N… and shard reports
// merge like load reports (report.ts).
import type { MockContext } from '../core/context.ts';
import { callsOfShard, type Shard } from '../load/plan.ts';
import { converse, driven, HANGUP_GRACE_MS, type ConverseOptions } from './runner.ts';
import { DEFAULT_CONVERSE_LIMITS, DEFAULT_TIMEOUT_MS, ScriptError, type ConversationScript } from './script.ts';
import { setUpAgent, type ConverseTarget, type ConverseMock } from './setup.ts';
import { buildResult, type ConversationResult } from './result.ts';
import { createConversation } from './conversation.ts';
import { createReportBuilder, type ConverseReport } from './report.ts';

export interface NamedScript {
  /** The file it came from, or its name. */
  source: string;
  script: ConversationScript;
  /** Where its relative WAV paths are read from. */
  baseDir?: string;
}

export interface BatchOptions extends Omit<ConverseOptions, 'index' | 'setup' | 'baseDir'> {
  repeat?: number;
  concurrency?: number;
  shard?: Shard;
  /** Each conversation as it finishes (progress). */
  onResult?(result: ConversationResult, source: string): void;
}


export async function runBatch(mock: ConverseMock, scripts: NamedScript[], options: BatchOptions = {}): Promise<ConverseReport> {
  const limits = { ...DEFAULT_CONVERSE_LIMITS, ...options.limits };
  const repeat = options.repeat ?? 1;
  const concurrency = options.concurrency ?? 1;
  const shard = options.shard ?? { index: 0, count: 1 };
  if (!(Number.isInteger(repeat) && repeat >= 1)) throw new ScriptError('repeat must be a whole number of at least 1');
  if (!(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= limits.maxConcurrency)) throw new ScriptError(`concurrency must be a whole number from 1 to ${limits.maxConcurrency}`);
  if (scripts.length === 0) throw new ScriptError('no scripts to run');
  const total = scripts.length * repeat;
  if (total > limits.maxCalls) throw new ScriptError(`${scripts.length} scripts × repeat ${repeat} = ${total} conversations, more than the limit of ${limits.maxCalls}`);
  const { ctx } = mock;
  const answerUrl = options.answerUrl ?? scripts[0]!.script.call?.answer_url;
  if (!answerUrl) throw new ScriptError('no answer URL (give --answer-url, or call.answer_url in the script)');
  const setup = await setUpAgent(ctx, mock, answerUrl);
  const queue = callsOfShard({ calls: total, shard });
  const startedAt = ctx.clock.now();
  const report = createReportBuilder(limits.maxReportConversations);
  const one = async (index: number) => {
    const { source, script, baseDir } = scripts[index % scripts.length]!;
    let result: ConversationResult;
    try {
      result = await converse(ctx, mock, script, { ...options, setup, index, baseDir }, limits);
    } catch (e) {
      result = buildResult(createConversation(ctx, limits), script.name, [], (e as Error).message);
    }
    report.add(source, result);
    options.onResult?.(result, source);
  };
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await one(next);
  };
  const work = Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  const longest = Math.max(...scripts.map((s) => s.script.timeout_ms ?? DEFAULT_TIMEOUT_MS)) + HANGUP_GRACE_MS;
  if (ctx.clock.kind === 'virtual' && options.drive !== false) await driven(ctx, work, longest * Math.ceil(total / concurrency) + 30_000);
  else await work;
  return report.build({ shard, startedAt, finishedAt: ctx.clock.now() });
}
