// The direct check of a message the user's server sent on the stream: true only for a message
// the WsClientMessage schema in openapi.yaml accepts (playAudio, checkpoint or clearAudio), at a
// cost of a few property reads. False means "ask the schema validator", which accepts or says
// what is wrong; so this check may be stricter than the schema, never looser.

const CONTENT_TYPES = new Set(['audio/PCMA', 'audio/PCMU', 'audio/x-l16']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';

export function checkClientMessage(message: unknown): boolean {
  if (!isObject(message)) return false;
  if (!optionalString(message.streamId)) return false;
  switch (message.event) {
    case 'playAudio': {
      const media = message.media;
      if (!isObject(media) || typeof media.payload !== 'string') return false;
      if (media.contentType !== undefined && !CONTENT_TYPES.has(media.contentType as string)) return false;
      return media.sampleRate === undefined || Number.isInteger(media.sampleRate);
    }
    case 'checkpoint':
      return typeof message.name === 'string' && message.name.length > 0;
    case 'clearAudio':
      return true;
    default:
      return false;
  }
}
