// Imported first by the package entries and the `voicemock` launcher: on a Node older than
// msw 3's floor, say so in one line instead of failing later with a stack trace. Browsers have
// no `process` and are not checked.
const MINIMUM = [22, 12] as const;

export function unsupportedNode(version: string | undefined): string | null {
  if (!version) return null;
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const ok = major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
  return ok ? null : `voicemock needs Node.js ${MINIMUM.join('.')} or newer; this is v${version}`;
}

const runtime = (globalThis as { process?: { versions?: { node?: string }; stderr: { write(s: string): void }; exit(code: number): never } }).process;
const refusal = unsupportedNode(runtime?.versions?.node);
if (refusal && runtime) {
  runtime.stderr.write(`${refusal}\n`);
  runtime.exit(1);
}
