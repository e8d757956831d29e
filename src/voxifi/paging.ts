// Newest-first cursor paging over an org's records in creation order. The cursor is the id of
// the last record of the previous page; its seq locates the position by binary search, so a
// page costs O(log n + records scanned), not O(n), even with 100,000 calls.
import { fail } from '../core/operation.ts';
import { ERRORS } from './provider.ts';

interface Sequenced {
  id: string;
  seq: number;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
  has_more: boolean;
}

/** Index of the record with this seq in a list ascending by seq, or -1. */
function indexOfSeq(list: readonly Sequenced[], seq: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = list[mid]!.seq;
    if (at === seq) return mid;
    if (at < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export function invalidCursor(): never {
  fail(ERRORS.badRequest([{ path: 'query.cursor', message: 'is not a valid cursor' }]));
}

/**
 * `after` is the record the cursor names, already checked to belong to the caller (undefined
 * for the first page). A cursor not in the list is refused as a 400.
 */
export function pageNewestFirst<T extends Sequenced>(
  list: readonly T[],
  options: { limit: number; after?: T; matches?: (record: T) => boolean },
): Page<T> {
  let start = list.length - 1;
  if (options.after) {
    const at = indexOfSeq(list, options.after.seq);
    if (at < 0) invalidCursor();
    start = at - 1;
  }
  const items: T[] = [];
  let has_more = false;
  for (let i = start; i >= 0; i--) {
    const record = list[i]!;
    if (options.matches && !options.matches(record)) continue;
    if (items.length === options.limit) {
      has_more = true;
      break;
    }
    items.push(record);
  }
  return { items, has_more, next_cursor: has_more ? items[items.length - 1]!.id : null };
}

/** The contract bounds `limit` to 1..100 and defaults it to 20. */
export function limitOf(query: URLSearchParams): number {
  const raw = query.get('limit');
  return raw === null ? 20 : Number(raw);
}
