// The same seed always gives the same ids, keys and names: src/core/ids.ts draws exactly what
// @faker-js/faker 10's English locale drew for it before, call for call, in any interleaving.
import { faker as english } from '@faker-js/faker/locale/en';
import type { Faker } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { createIds, type Ids } from '../../src/core/ids.ts';

function seededFaker(seed: number): Faker {
  const FakerClass = english.constructor as new (options: { locale: Faker['rawDefinitions'] }) => Faker;
  const faker = new FakerClass({ locale: english.rawDefinitions });
  faker.seed(seed);
  return faker;
}

/** Each step: what ids.ts answers, and what faker answered for the same call. */
const STEPS: Array<[(ids: Ids) => string, (faker: Faker) => string]> = [
  [(i) => i.lower(12), (f) => f.string.alphanumeric({ length: 12, casing: 'lower' })],
  [(i) => i.token(24), (f) => f.string.alphanumeric({ length: 24 })],
  [(i) => i.numeric(9), (f) => f.string.numeric(9)],
  [(i) => i.uuid(), (f) => f.string.uuid()],
  [(i) => i.fullName(), (f) => f.person.fullName()],
  [(i) => i.companyName(), (f) => f.company.name()],
  [(i) => i.pick(['exotel', 'plivo']), (f) => f.helpers.arrayElement(['exotel', 'plivo'])],
  [(i) => i.ulid(1_700_000_000_000).slice(10), (f) => Array.from({ length: 16 }, () => '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[f.number.int({ min: 0, max: 31 })]).join('')],
];

describe('seeded ids', () => {
  it('match faker draw for draw over many seeds and interleavings', () => {
    for (let seed = 0; seed < 300; seed++) {
      const ids = createIds(seed);
      const faker = seededFaker(seed);
      // 700+ draws per seed also crosses the twister's 624-word refill.
      for (let step = 0; step < 60; step++) {
        const [ours, theirs] = STEPS[(seed * 7 + step * step) % STEPS.length]!;
        expect(ours(ids), `seed ${seed} step ${step}`).toBe(theirs(faker));
      }
    }
  });

  it('names cover every pattern: prefixes, suffixes and double-barrelled surnames appear', () => {
    const ids = createIds(42);
    const names = Array.from({ length: 2000 }, () => ids.fullName());
    expect(names.some((n) => /^(Dr\.|Mr\.|Mrs\.|Ms\.|Miss) /.test(n))).toBe(true);
    expect(names.some((n) => / (Jr\.|Sr\.|I|II|III|IV|V|MD|DDS|PhD|DVM)$/.test(n))).toBe(true);
    expect(names.some((n) => /\w-\w/.test(n))).toBe(true);
  });
});
