// Seeded id and data generation: two runs with one seed give the same ids and data.
// The English-only entry: the root entry loads every locale (~200 ms more at start-up).
import { faker as english } from '@faker-js/faker/locale/en';
import type { Faker } from '@faker-js/faker';

export interface Ids {
  readonly seed: number;
  faker: Faker;
  /** Lower-case alphanumerics, as in `sfv_app_abc123xyz456`. */
  lower(length: number): string;
  /** Mixed-case alphanumerics for inferred Voxifi ids and secrets. */
  token(length: number): string;
  ulid(ms: number): string;
  uuid(): string;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function createIds(seed: number): Ids {
  const FakerClass = english.constructor as new (options: { locale: Faker['rawDefinitions'] }) => Faker;
  const faker = new FakerClass({ locale: english.rawDefinitions });
  faker.seed(seed);
  return {
    seed,
    faker,
    lower: (length) => faker.string.alphanumeric({ length, casing: 'lower' }),
    token: (length) => faker.string.alphanumeric({ length }),
    ulid(ms) {
      let time = '';
      let t = ms;
      for (let i = 0; i < 10; i++) {
        time = CROCKFORD[t % 32] + time;
        t = Math.floor(t / 32);
      }
      let rand = '';
      for (let i = 0; i < 16; i++) rand += CROCKFORD[faker.number.int({ min: 0, max: 31 })];
      return time + rand;
    },
    uuid: () => faker.string.uuid(),
  };
}
