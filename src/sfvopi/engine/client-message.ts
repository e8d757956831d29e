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

/**
 * A playAudio message in the compact form servers write it (JSON.stringify: no whitespace, keys
 * in this order), matched without JSON.parse. Only text that is valid JSON the schema accepts
 * matches: strings hold no escapes or control characters, the payload only base64 characters,
 * the sample rate is a plain integer. Anything else returns null and takes the general path.
 */
const COMPACT_PLAY_AUDIO =
  /^\{"event":"playAudio"(?:,"streamId":"[^"\\\u0000-\u001f]*")?,"media":\{"payload":"([A-Za-z0-9+/]*={0,2})"(?:,"contentType":"(audio\/PCMA|audio\/PCMU|audio\/x-l16)")?(?:,"sampleRate":(0|[1-9][0-9]{0,8}))?\}(?:,"streamId":"[^"\\\u0000-\u001f]*")?\}$/;

export interface PlayAudioMedia {
  payload: string;
  contentType?: string;
  sampleRate?: number;
}

export function matchCompactPlayAudio(text: string): PlayAudioMedia | null {
  if (!text.startsWith('{"event":"playAudio"')) return null;
  const m = COMPACT_PLAY_AUDIO.exec(text);
  if (!m) return null;
  const media: PlayAudioMedia = { payload: m[1]! };
  if (m[2] !== undefined) media.contentType = m[2];
  if (m[3] !== undefined) media.sampleRate = Number(m[3]);
  return media;
}
