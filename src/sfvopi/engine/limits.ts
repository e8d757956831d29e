// Timeouts SFVoPI documents, the mock's own defaults, and the bounds that keep memory flat.
export const ANSWER_TIMEOUT_MS = 10_000; // per answer_url and per fallback_answer_url
export const NOTIFY_TIMEOUT_MS = 5_000; // ring and hangup webhooks
export const DEFAULT_RING_SECONDS = 2; // callee answers (or is busy, or fails) after this
export const DEFAULT_TALK_SECONDS = 30; // simulated party hangs up after this much talk
export const MAX_CALLS = 500; // call records kept; the oldest finished ones go first
export const MAX_EVENTS = 200; // per call; lifecycle events are kept past it
export const MAX_RECORDING_SECONDS = 600; // per call
export const MAX_RECORDINGS = 10; // streams whose recording is kept
export const MAX_QUEUED_SECONDS = 600; // playAudio audio waiting to play, per stream
export const CLOSE_GRACE_MS = 1_000; // on the mock's clock: how long to wait for a WebSocket close handshake
