// Cutting a string in V8 can keep the whole original alive: `slice` answers a view into it once
// the piece is longer than a few characters, so a 256-character name cut from a 1 MiB one held
// the 1 MiB for as long as the event that shows it. What the mock keeps of a peer's text is
// therefore copied, and costs its own length.

/** `text`, or its first `max` characters as a string of their own with `mark` after them. */
export function excerpt(text: string, max: number, mark = '…'): string {
  if (text.length <= max) return text;
  // JSON.parse builds a new string (it never answers a view of its input).
  return (JSON.parse(JSON.stringify(text.slice(0, max))) as string) + mark;
}
