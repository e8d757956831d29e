// excerpt() keeps a piece of a peer's text without keeping the text: what the server holds after
// the original is dropped is the piece alone. A plain slice is shown holding the original, so
// the test can tell the difference. (V8's collector is run explicitly; no timing.)
import { describe, expect, it } from 'vitest';
import { excerpt } from '../../src/core/text.ts';
import { heldAfter, MB } from '../support/heap.ts';

/** Heap still held once the 32 MB original is dropped and only `keep(original)` is kept. */
const heldBy = (keep: (text: string) => string) => heldAfter(() => keep('ab'.repeat(16 * MB)));

describe('excerpt', () => {
  it('cuts long text with a mark and leaves short text as it is', () => {
    expect(excerpt('abcdef', 3)).toBe('abc…');
    expect(excerpt('abcdef', 3, '')).toBe('abc');
    expect(excerpt('abc', 3)).toBe('abc');
    expect(excerpt('a\u{1F600}\ud800b', 10)).toBe('a\u{1F600}\ud800b');
    expect(excerpt('\ud800\udc00xyz', 1)).toBe('\ud800…'); // a lone half, copied as it is
  });

  it('holds its own length, not the text it came from (a plain slice holds the whole)', () => {
    const sliced = heldBy((text) => `${text.slice(0, 256)}…`);
    expect(sliced.held).toBeGreaterThan(24 * MB);
    const cut = heldBy((text) => excerpt(text, 256));
    expect(cut.kept).toHaveLength(257);
    expect(cut.held).toBeLessThan(4 * MB);
  });
});
