// RFC 4180 CSV parsing for campaign contact files: quoted fields may hold commas, newlines and
// doubled quotes; lines end in LF or CRLF; a UTF-8 byte order mark is dropped.

/** Records in file order; a blank line is an empty record (kept, so row numbers match the file). */
export function parseCsv(text: string): string[][] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    record.push(field);
    records.push(record.length === 1 && record[0] === '' ? [] : record);
    record = [];
    field = '';
  };
  while (i < source.length) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      endRecord();
      if (ch === '\r' && source[i + 1] === '\n') i += 1;
    } else field += ch;
    i += 1;
  }
  // A final line without a line break is still a record; a trailing line break adds none.
  if (field !== '' || record.length > 0 || quoted) endRecord();
  return records;
}
