// The control API of conversation runs: POST /__voicemock/sfvopi/converse starts one (the
// script checked first: a bad one answers 400 invalid_script), GET …/{id} its status and, once
// finished, its report; …/timeline the same as a page. The run moves with the mock's clock;
// it is not driven from here.
import type { components } from '../generated/control-api.ts';
import { fail, json, type Resolver } from '../core/operation.ts';
import { controlError } from './provider.ts';
import { checkScript, ScriptError } from '../converse/script.ts';
import { runBatch } from '../converse/batch.ts';
import { keepConversation, roomForConversation, type KeptConversation } from '../converse/kept-runs.ts';
import { timelinePage } from '../converse/timeline-page.ts';
import type { MockContext } from '../core/context.ts';

type ConverseRequest = components['schemas']['ConverseRequest'];

export interface ConverseHooks {
  /** The mock's own API: the run sets up its app and places its calls through it. */
  api?: (request: Request) => Promise<Response>;
}

/** A run by its id; `latest` is the newest one. */
function keptOr404(ctx: MockContext, id: string): KeptConversation {
  const runs = ctx.engines.converseRuns;
  const kept = id === 'latest' ? [...runs.values()].pop() : runs.get(id);
  if (!kept) fail(controlError(404, 'not_found', id === 'latest' ? 'no conversation run yet' : `no conversation run ${id}`));
  return kept;
}

const view = (k: KeptConversation) => ({ converse_id: k.id, status: k.status, ...(k.error ? { error: k.error } : {}), report: k.report });

export function converseResolvers(hooks: ConverseHooks): Record<string, Resolver<null>> {
  return {
    startConversation: ({ ctx, body }) => {
      const input = body<ConverseRequest>();
      let script;
      try {
        script = checkScript(input.script, undefined, 'script');
      } catch (e) {
        if (e instanceof ScriptError) fail(controlError(400, 'invalid_script', e.message));
        throw e;
      }
      const full = roomForConversation(ctx);
      if (full) fail(controlError(409, 'limit_reached', full));
      const api = hooks.api;
      if (!api) fail(controlError(400, 'invalid_request', 'conversation runs need the mock API'));
      const kept: KeptConversation = { id: `conv_${ctx.ids.lower(12)}`, status: 'running', report: null };
      keepConversation(ctx, kept);
      runBatch({ ctx, fetch: api }, [{ source: script.name, script }], { answerUrl: input.answer_url, repeat: input.repeat, concurrency: input.concurrency, drive: false })
        .then((report) => { kept.status = 'completed'; kept.report = report; })
        .catch((e: unknown) => { kept.status = 'failed'; kept.error = e instanceof Error ? e.message : String(e); });
      return json(200, view(kept));
    },
    getConversation: ({ ctx, params }) => json(200, view(keptOr404(ctx, params.converse_id!))),
    getConversationTimeline: ({ ctx, params }) => {
      const kept = keptOr404(ctx, params.converse_id!);
      const page = timelinePage(kept.report, (uuid) => `/__voicemock/sfvopi/calls/${encodeURIComponent(uuid)}/recording.wav`);
      return new Response(page, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' } });
    },
  };
}
