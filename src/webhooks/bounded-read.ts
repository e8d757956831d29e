// Reading the answer of someone else's server: never more than a cap, whatever it sends. The
// rest of the stream is cancelled, so a 100 MiB answer costs the cap, not 100 MiB.

export interface BoundedText {
  /** The first `limit` bytes at most, decoded as UTF-8 (a cut through a character becomes U+FFFD). */
  text: string;
  /** More than `limit` bytes were on offer. */
  truncated: boolean;
}

export async function readBounded(response: Response, limit: number): Promise<BoundedText> {
  if (!response.body) return { text: '', truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size > limit) {
      truncated = true;
      await reader.cancel().catch(() => {});
      break;
    }
  }
  const bytes = new Uint8Array(Math.min(size, limit));
  let offset = 0;
  for (const c of chunks) {
    const part = c.subarray(0, bytes.length - offset);
    bytes.set(part, offset);
    offset += part.length;
    if (offset >= bytes.length) break;
  }
  return { text: new TextDecoder().decode(bytes), truncated };
}
