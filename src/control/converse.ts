// The control API of conversation runs: POST /__voicemock/sfvopi/converse starts one (the
// script checked first: a bad one answers 400 invalid_script), GET …/{id} its status and, once
// finished, its report. The run moves with the mock's clock; it is not driven from here.
import type { components } from '../generated/control-api.ts';
import { fail, json, type Resolver } from '../core/operation.ts';
import { controlError } from './provider.ts';
import { checkScript, ScriptError } from '../converse/script.ts';
import { runBatch } from '../converse/batch.ts';
import { keepConversation, type KeptConversation } from '../converse/kept-runs.ts';

type ConverseRequest = components['schemas']['ConverseRequest'];

export interface ConverseHooks {
  /** The mock's own API: the run sets up its app and places its calls through it. */
  api?: (request: Request) => Promise<Response>;
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
      const api = hooks.api;
      if (!api) fail(controlError(400, 'invalid_request', 'conversation runs need the mock API'));
      const kept: KeptConversation = { id: `conv_${ctx.ids.lower(12)}`, status: 'running', report: null };
      keepConversation(ctx, kept);
      runBatch({ ctx, fetch: api }, [{ source: script.name, script }], { answerUrl: input.answer_url, repeat: input.repeat, concurrency: input.concurrency, drive: false })
        .then((report) => { kept.status = 'completed'; kept.report = report; })
        .catch((e: unknown) => { kept.status = 'failed'; kept.error = e instanceof Error ? e.message : String(e); });
      return json(200, view(kept));
    },
    getConversation: ({ ctx, params }) => {
      const kept = ctx.engines.converseRuns.get(params.converse_id!);
      if (!kept) fail(controlError(404, 'not_found', `no conversation run ${params.converse_id}`));
      return json(200, view(kept));
    },
  };
}
