// RFC 4180 CSV parsing for campaign contact files: quoted fields may hold commas, newlines and
// doubled quotes; lines end in LF or CRLF; a UTF-8 byte order mark is dropped. Records are
// produced one at a time and fields past `maxFields` are skipped, not stored, so what parsing
// holds is one record of bounded width, whatever the file: 10 MB of blank lines or of commas.

export interface CsvOptions {
  /** Fields kept per record; the rest are read past (the record still counts as not blank). */
  maxFields?: number;
}

/** Records in file order; a blank line is an empty record (so row numbers match the file). */
export function* csvRecords(text: string, options: CsvOptions = {}): Generator<string[]> {
  const max = options.maxFields ?? Infinity;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const n = source.length;
  let i = 0;
  while (i < n) {
    const record: string[] = [];
    let fields = 0;
    let blank = true;
    for (;;) {
      // One field: quoted (doubled quotes inside), or up to the next comma or line end.
      let field: string;
      if (source[i] === '"') {
        let out = '';
        let from = ++i;
        for (;;) {
          const q = source.indexOf('"', i);
          if (q < 0) { out += source.slice(from); i = n; break; }
          if (source[q + 1] === '"') { out += source.slice(from, q + 1); i = from = q + 2; continue; }
          out += source.slice(from, q);
          i = q + 1;
          break;
        }
        // Text after the closing quote up to the separator belongs to the field, as before.
        const end = nextStop(source, i);
        field = out + source.slice(i, end);
        i = end;
      } else {
        const end = nextStop(source, i);
        field = source.slice(i, end);
        i = end;
      }
      if (fields < max) record.push(field);
      fields++;
      if (field !== '') blank = false;
      if (i < n && source[i] === ',') { i++; blank = false; if (i === n) { if (fields < max) record.push(''); break; } continue; }
      break;
    }
    if (source[i] === '\r' && source[i + 1] === '\n') i += 2;
    else if (i < n) i += 1;
    yield blank ? [] : record;
  }
}

function nextStop(source: string, from: number): number {
  for (let j = from; j < source.length; j++) {
    const c = source.charCodeAt(j);
    if (c === 44 || c === 10 || c === 13) return j;
  }
  return source.length;
}

/** Every record at once: for small inputs and tests. */
export function parseCsv(text: string): string[][] {
  return [...csvRecords(text)];
}
