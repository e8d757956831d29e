// Sent as `voicemock-version` on every response so client suites can refuse a stale mock.
// Written from package.json by scripts/build.js; a test fails when it is stale.
export const VERSION = '0.1.0';
