// The transport's own answers, for requests no operation handled: voicemock's error envelope
// (the control API's), stamped with the version like every other response.
import { VERSION } from './version.ts';

export function transportError(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { 'content-type': 'application/json', 'voicemock-version': VERSION },
  });
}

export const noSuchRoute = () => transportError(404, 'not_found', 'No such route');
export const badRequest = (message: string) => transportError(400, 'bad_request', message);
export const internalError = (message: string) => transportError(500, 'internal', message);
