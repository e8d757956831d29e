// Seeded id and data generation: two runs with one seed give the same ids and data.
// These are the very values @faker-js/faker 10 (English locale) gives for a seed, drawn the same
// way from the same Mersenne Twister, without shipping faker and its locale to a web page
// (400 kB). test/store/ids.test.ts checks them against faker itself, draw for draw.
import { NAMES } from '../generated/names.ts';

export interface Ids {
  readonly seed: number;
  /** Lower-case alphanumerics, as in `sfv_app_abc123xyz456`. */
  lower(length: number): string;
  /** Mixed-case alphanumerics for inferred Voxifi ids and secrets. */
  token(length: number): string;
  /** Decimal digits (leading zeros allowed). */
  numeric(length: number): string;
  ulid(ms: number): string;
  uuid(): string;
  /** One of `items`. */
  pick<T>(items: readonly T[]): T;
  /** A person's name, e.g. `Mrs. Ada Lovelace`. */
  fullName(): string;
  /** A company's name, e.g. `Hopper, Lovelace and Babbage`. */
  companyName(): string;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DIGITS = [...'0123456789'];
const LOWER = [...DIGITS, ...'abcdefghijklmnopqrstuvwxyz'];
const MIXED = [...LOWER, ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const SEXES = ['female', 'male'] as const;
type Sex = (typeof SEXES)[number];

/** MT19937 (Matsumoto & Nishimura), seeded like init_genrand; `next()` is genrand_res53 in [0, 1). */
function mersenne(seed: number): () => number {
  const N = 624;
  let state: number[] = new Array(N);
  state[0] = seed;
  for (let i = 1; i < N; i++) {
    const prev = state[i - 1]! ^ (state[i - 1]! >>> 30);
    state[i] = Math.trunc(Math.imul(1812433253, prev) + i);
  }
  const twist = (s: number[]) => {
    for (let i = 0; i < N; i++) {
      const y = (s[i]! & 0x80000000) + (s[(i + 1) % N]! & 0x7fffffff);
      s[i] = s[(i + 397) % N]! ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
    }
    return s;
  };
  state = twist(state);
  let index = 0;
  const u32 = () => {
    let y = state[index]!;
    y ^= state[index]! >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    if (++index >= N) {
      state = twist(state);
      index = 0;
    }
    return y >>> 0;
  };
  return () => ((u32() >>> 5) * 67108864 + (u32() >>> 6)) / 9007199254740992;
}

export function createIds(seed: number): Ids {
  const next = mersenne(seed);
  /** An integer in [min, max]; no draw when there is only one. */
  const int = (min: number, max: number) => (min === max ? min : Math.floor(next() * (max - min + 1) + min));
  const pick = <T>(items: readonly T[]): T => items[items.length > 1 ? int(0, items.length - 1) : 0]!;
  const weighted = <T>(items: ReadonlyArray<{ weight: number; value: T }>): T => {
    const total = items.reduce((sum, i) => sum + i.weight, 0);
    const at = next() * total;
    let reached = 0;
    for (const { weight, value } of items) if (at < (reached += weight)) return value;
    return items.at(-1)!.value;
  };
  const chars = (set: readonly string[], length: number) => {
    let out = '';
    for (let i = 0; i < length; i++) out += pick(set);
    return out;
  };
  /** A sex-specific list against the generic one, weighted as faker weighs them. */
  const bySex = <T>(lists: { generic?: readonly T[]; female?: readonly T[]; male?: readonly T[] }, sex: Sex): readonly T[] => {
    const own = lists[sex];
    if (!own) return lists.generic ?? [];
    if (!lists.generic) return own;
    return weighted([{ weight: 3 * Math.sqrt(own.length), value: own }, { weight: Math.sqrt(lists.generic.length), value: lists.generic }]);
  };
  const lastName = (sex: Sex = pick(SEXES)): string => fake(weighted(bySex(NAMES.lastNamePattern, sex)));
  const expressions: Record<string, () => string> = {
    'person.last_name.generic': () => pick(NAMES.lastName.generic),
    'person.lastName': () => lastName(),
    'company.legal_entity_type': () => pick(NAMES.legalEntityType),
  };
  /** Fills `{{expression}}`s one at a time, left to right, as faker's helpers.fake does. */
  function fake(pattern: string): string {
    const start = pattern.search(/{{[a-z]/);
    const end = pattern.indexOf('}}', start);
    if (start === -1 || end === -1) return pattern;
    const name = pattern.slice(start + 2, end);
    const expression = expressions[name];
    if (!expression) throw new Error(`ids: no generator for {{${name}}}`);
    return fake(pattern.slice(0, start) + expression() + pattern.slice(end + 2));
  }

  return {
    seed,
    lower: (length) => chars(LOWER, length),
    token: (length) => chars(MIXED, length),
    numeric: (length) => chars(DIGITS, length),
    ulid(ms) {
      let time = '';
      let t = ms;
      for (let i = 0; i < 10; i++) {
        time = CROCKFORD[t % 32] + time;
        t = Math.floor(t / 32);
      }
      let rand = '';
      for (let i = 0; i < 16; i++) rand += CROCKFORD[int(0, 31)];
      return time + rand;
    },
    uuid: () => 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replaceAll('x', () => int(0, 15).toString(16)).replaceAll('y', () => int(8, 11).toString(16)),
    pick,
    fullName() {
      const sex = pick(SEXES);
      const first = pick(bySex(NAMES.firstName, sex));
      const last = lastName(sex);
      // Each part is drawn only where the pattern names it, in this order.
      const parts: Array<[string, () => string]> = [
        ['{{person.prefix}}', () => pick(bySex(NAMES.prefix, sex))],
        ['{{person.firstName}}', () => first],
        ['{{person.lastName}}', () => last],
        ['{{person.suffix}}', () => pick(NAMES.suffix)],
      ];
      let name = weighted(NAMES.namePattern);
      for (const [slot, value] of parts) name = name.replace(slot, value); // a function: no `$` patterns, no draw unless named
      return name;
    },
    companyName: () => fake(pick(NAMES.companyNamePattern)),
  };
}
