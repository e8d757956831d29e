// Seeded campaign CSVs a careless or hostile client would upload: blank lines, commas only,
// huge fields, odd unicode, stray and doubled quotes, a BOM, mixed line ends, wide headers,
// the phone column anywhere or missing, and files at and past the documented 10,000 rows.
import { ODD_STRINGS, type Rng } from './generator.ts';

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const int = (rng: Rng, max: number) => Math.floor(rng() * max);

const PHONES = ['+15551234567', '+447700900123', '+918000000001', '+1', '15551234567', ' +15550000000 ', '"+15551112222"', ''];
const EOLS = ['\n', '\r\n', '\r'];

function cell(rng: Rng): string {
  const r = rng();
  if (r < 0.4) return pick(rng, ['Ada', 'x', '', ' spaced ', '1,2', 'Navy, US']);
  if (r < 0.7) return pick(rng, ODD_STRINGS);
  if (r < 0.8) return `"${pick(rng, ['a""b', 'multi\nline', '', ',', '"'])}"`;
  if (r < 0.9) return '"unbalanced';
  return 'y'.repeat(1 + int(rng, 100_000));
}

function rows(rng: Rng, width: number, phoneAt: number, count: number): string[] {
  return Array.from({ length: count }, () => Array.from({ length: width }, (_, c) => (c === phoneAt ? pick(rng, PHONES) : cell(rng))).join(','));
}

export type CsvKind = 'mixed' | 'blank-lines' | 'commas-only' | 'huge-field' | 'wide-header' | 'no-phone-column' | 'many-rows' | 'bom-and-eols';

export function csvFor(rng: Rng): { kind: CsvKind; csv: string } {
  const kind = pick<CsvKind>(rng, ['mixed', 'mixed', 'mixed', 'blank-lines', 'commas-only', 'huge-field', 'wide-header', 'no-phone-column', 'many-rows', 'bom-and-eols']);
  const eol = pick(rng, EOLS);
  switch (kind) {
    case 'blank-lines':
      return { kind, csv: `phone_number${eol}${eol.repeat(int(rng, 200_000))}+15551234567${eol}${eol.repeat(int(rng, 1000))}` };
    case 'commas-only':
      return { kind, csv: `${','.repeat(int(rng, 50))}${eol}`.repeat(1 + int(rng, 20_000)) };
    case 'huge-field':
      return { kind, csv: `phone_number,note${eol}+15551234567,${'z'.repeat(int(rng, 4_000_000))}${eol}` };
    case 'wide-header': {
      const width = 1 + int(rng, 5000);
      const header = ['phone_number', ...Array.from({ length: width }, (_, i) => `v${i}`)].join(',');
      return { kind, csv: `${header}${eol}${rows(rng, 1, 0, 1 + int(rng, 50)).join(eol)}` };
    }
    case 'no-phone-column':
      return { kind, csv: `name,phone${eol}${rows(rng, 2, 1, 3).join(eol)}` };
    case 'many-rows':
      return { kind, csv: `phone_number${eol}${`+15551234567${eol}`.repeat(9_998 + int(rng, 4))}` };
    case 'bom-and-eols':
      return { kind, csv: `\ufeffphone_number,a\r\n+15551234567,1\r+15551234568,2\n\r\n+15551234569,"x\r\ny"` };
    default: {
      const width = 1 + int(rng, 6);
      const phoneAt = int(rng, width);
      const header = Array.from({ length: width }, (_, c) => (c === phoneAt ? 'phone_number' : pick(rng, ['firstName', '', ' spaced ', '😀', 'a"b', 'phone_number ']))).join(',');
      return { kind, csv: `${header}${eol}${rows(rng, width, phoneAt, int(rng, 30)).join(eol)}${rng() < 0.5 ? eol : ''}` };
    }
  }
}
