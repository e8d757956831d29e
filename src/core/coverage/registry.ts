// Where a test runner finds the mocks of a worker: createVoicemock announces each mock here
// when (and only when) a collector has installed itself, e.g. voicemock/vitest's coverage.
export const MOCK_REGISTRY = Symbol.for('voicemock.coverage.mocks');

type Registry = { add(mock: object): void };

export function announceMock(mock: object): void {
  (globalThis as { [MOCK_REGISTRY]?: Registry })[MOCK_REGISTRY]?.add(mock);
}
