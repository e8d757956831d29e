// The Stream JSON an answer webhook returns, as the contract types it (answer.ts checks it;
// the stream runs on it).
import type { components } from '../../generated/openapi.ts';

export type StreamJson = components['schemas']['StreamJson'];
export type StreamConfig = Required<StreamJson['stream']>;
