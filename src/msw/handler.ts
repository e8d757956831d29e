// voicemock as msw handlers: one handler that hands every request to the mock's dispatch and
// lets msw carry on (the next handler, or onUnhandledRequest) when no route of voicemock's
// matches. Handler order, server.use overrides and boundary are msw's own.
import { http, type HttpHandler } from 'msw';
import type { Dispatch, DispatchOptions } from '../core/dispatch.ts';
import { truncatedResponse } from '../core/fetch-answer.ts';

export function voicemockHandler(dispatch: Dispatch, options: DispatchOptions = {}): HttpHandler {
  return http.all('*', async ({ request }) => {
    const answer = await dispatch(request, options);
    if (answer === null) return undefined;
    // msw turns Response.error() into a failed fetch on the client's side.
    if (answer.fault === 'reset') return Response.error();
    if (answer.fault === 'truncated') return truncatedResponse(answer);
    return answer.response;
  });
}
