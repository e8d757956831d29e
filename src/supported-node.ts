// Imported first by the package entries and the `voicemock` launcher: on a Node older than
// msw 3's floor, fail with one clear Error instead of a stack trace from deep inside msw.
// A library never exits its host's process: it throws, and the launcher prints the message.
// Browsers have no `process` and are not checked.
const MINIMUM = [22, 12] as const;

export function unsupportedNode(version: string | undefined): string | null {
  if (!version) return null;
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const ok = major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
  return ok ? null : `voicemock needs Node.js ${MINIMUM.join('.')} or newer; this is v${version}`;
}

/** Throws the one-line refusal on an unsupported Node; does nothing elsewhere. */
export function assertSupportedNode(version: string | undefined): void {
  const refusal = unsupportedNode(version);
  if (refusal) throw new Error(refusal);
}

assertSupportedNode((globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node);
