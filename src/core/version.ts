// Sent as `voicemock-version` on every response so client suites can refuse a stale mock.
export const VERSION = '0.1.0';
