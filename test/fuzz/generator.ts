// A seeded, spec-driven request generator for the fuzz suite (and bench/fuzz.ts): values from
// each operation's JSON Schemas, then mutations a careless or hostile client would send (wrong
// types, missing fields, huge strings, odd unicode, path tricks, bad Prefer). Same seed, same
// requests: a failure is reproduced by its seed and index.
import { operationsOf, resolveRef, type OperationInfo } from '../../src/core/contract/operations.ts';
import type { OpenApiDocument } from '../../src/core/contract/document-types.ts';

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough to spread test inputs. */
export function rngOf(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** encodeURIComponent, but a lone surrogate becomes its raw UTF-8 bytes (as a sloppy client would send). */
const enc = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const chance = (rng: Rng, p: number) => rng() < p;

/** Strings that break naive code: unicode edge cases, injection-looking text, path tricks. */
export const ODD_STRINGS: readonly string[] = [
  '', ' ', '\u0000', '\ud800', '\udfff', '\u202e\u0635\u0648\u062a', '\u200b\u200d\ufeff', '😀👨‍👩‍👧‍👦', 'ǅǈ', 'e\u0301\u0301\u0301',
  '../../etc/passwd', '%2e%2e%2f', '..%2f..%2f', '%00', '%', '%zz', '\\..\\', '//evil.example/x', '__proto__', 'constructor',
  '{"$ref":"#"}', "'; DROP TABLE apps; --", '<script>alert(1)</script>', '${7*7}', 'null', 'true', '-1', '1e309', 'NaN',
  '+918000000001', '+15005550004', '+1', 'http://169.254.169.254/', 'http://127.0.0.1:1/x', 'ws://127.0.0.1:1/x',
];

export const BAD_PREFER: readonly string[] = [
  'code=abc', 'code=999', 'code=', 'example=nope', 'example=', 'scenario=../../x', 'scenario=', 'dynamic=true',
  'code=200, code=500', 'scenario=%00', 'a'.repeat(5000), '=;=;=', 'code=404',
];

interface Schema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  example?: unknown;
  examples?: unknown[];
  default?: unknown;
  additionalProperties?: boolean | Schema;
  $ref?: string;
}

/** Values a well-formed client would send for well-known formats and patterns. */
function plausibleString(rng: Rng, schema: Schema, pool: readonly string[]): string {
  if (schema.format === 'uri' || /url/i.test(schema.pattern ?? '')) return pick(rng, ['https://example.com/hook', 'http://127.0.0.1:4010/__voicemock/receivers/fz/hook', 'wss://example.com/ws']);
  if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
  if (schema.pattern?.includes('\\+')) return pick(rng, ['+918000000001', '+918000000002', '+15551234567', '+15005550004', '+919900000001']);
  if (pool.length > 0 && chance(rng, 0.5)) return pick(rng, pool);
  const length = Math.max(schema.minLength ?? 1, Math.min(schema.maxLength ?? 12, 12));
  let out = '';
  for (let i = 0; i < length; i++) out += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(rng() * 36)];
  return out;
}

export type SchemaGen = ReturnType<typeof schemaGen>;

/** Values for schemas of `doc`, drawn from `rng`; `pool` holds ids that exist right now. */
export function schemaGen(doc: OpenApiDocument, rng: Rng, pool: () => readonly string[]) {
  const resolve = (schema: Schema): Schema => resolveRef(doc, schema);

  /** A value the schema would most likely accept (patterns are approximated). */
  function valid(input: Schema | undefined, depth = 0): unknown {
    if (!input) return null;
    const schema = resolve(input);
    if (schema.const !== undefined) return schema.const;
    if (schema.enum) return pick(rng, schema.enum);
    if (schema.examples?.length && chance(rng, 0.3)) return schema.examples[0];
    if (schema.example !== undefined && chance(rng, 0.3)) return schema.example;
    if (schema.allOf) {
      const merged: Record<string, unknown> = {};
      for (const part of schema.allOf) {
        const v = valid(part, depth + 1);
        if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(merged, v);
      }
      return merged;
    }
    if (schema.oneOf || schema.anyOf) return valid(pick(rng, (schema.oneOf ?? schema.anyOf)!), depth + 1);
    const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : schema.properties ? ['object'] : ['string'];
    const type = pick(rng, types.filter((t) => t !== 'null').length ? types.filter((t) => t !== 'null') : types);
    switch (type) {
      case 'null':
        return null;
      case 'boolean':
        return chance(rng, 0.5);
      case 'integer':
      case 'number': {
        const min = schema.minimum ?? 0;
        const max = Math.min(schema.maximum ?? min + 100, min + 1000);
        const n = min + rng() * (max - min);
        return type === 'integer' ? Math.floor(n) : Math.round(n * 100) / 100;
      }
      case 'array': {
        if (depth > 4) return [];
        const n = Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, Math.floor(rng() * 3)));
        return Array.from({ length: n }, () => valid(schema.items, depth + 1));
      }
      case 'object': {
        if (depth > 4) return {};
        const out: Record<string, unknown> = {};
        const required = new Set(schema.required ?? []);
        for (const [name, prop] of Object.entries(schema.properties ?? {})) {
          if (required.has(name) || chance(rng, 0.5)) out[name] = valid(prop, depth + 1);
        }
        return out;
      }
      default:
        return plausibleString(rng, schema, pool());
    }
  }

  /** A wrong value of some kind: wrong type, huge, odd unicode, out of range, deeply nested. */
  function wrong(): unknown {
    switch (Math.floor(rng() * 9)) {
      case 0: return pick(rng, ODD_STRINGS);
      case 1: return 'x'.repeat(pick(rng, [1000, 100_000, 600_000]));
      case 2: return pick(rng, [-1, 0, 1e300, -1e300, 2 ** 53 + 1, 0.5, Number.MAX_SAFE_INTEGER]);
      case 3: return pick(rng, [true, false, null]);
      case 4: return [];
      case 5: return {};
      case 6: return { nested: { deeper: [pick(rng, ODD_STRINGS)] } };
      case 7: {
        let v: unknown = 1;
        for (let i = 0; i < 50; i++) v = [v];
        return v;
      }
      default: return pick(rng, ['1', '1.5', 'true', '[]']);
    }
  }

  /** The valid value, mutated with probability `p` at each level. */
  function mutated(schema: Schema | undefined, p: number, depth = 0): unknown {
    if (chance(rng, p / (depth + 1))) return wrong();
    const value = valid(schema, depth);
    if (value && typeof value === 'object' && !Array.isArray(value) && depth < 3) {
      const resolved = schema ? resolve(schema) : undefined;
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const prop = resolved?.properties?.[key];
        if (chance(rng, p)) record[key] = mutated(prop, p, depth + 1);
        else if (chance(rng, p / 3)) delete record[key]; // a missing field
      }
      if (chance(rng, p / 2)) record[pick(rng, ['extra', '__proto__', 'constructor', '💥'])] = wrong();
    }
    return value;
  }
  return { valid, wrong, mutated };
}

export interface FuzzRequest {
  operationId: string;
  /** Which document: 'openapi' or 'control'. */
  contract: 'openapi' | 'control';
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** The request asked for a particular answer (Prefer), so a 5xx may be what it asked for. */
  preferred: boolean;
}

export interface Credentials {
  sfvopiKey: string;
  voxifiKey: string;
  /** Ids that exist now (apps, calls, agents, webhooks, numbers...), to reach past the 404s. */
  ids: readonly string[];
}

const PATH_TRICKS = ['..', '%2e%2e', '.', '%2F', '%00', '%ZZ', 'a'.repeat(3000), '\u202e', '%F0%9F%98%80', '%C0%AE', ' ', '?', '#'];

function segment(gen: SchemaGen, rng: Rng, schema: Schema | undefined, creds: Credentials, p: number): string {
  if (chance(rng, p)) return pick(rng, PATH_TRICKS);
  if (creds.ids.length > 0 && chance(rng, 0.6)) return enc(pick(rng, creds.ids));
  return enc(String(gen.valid(schema)));
}

/** One request for `info`, mutated with probability `p`. */
export function requestFor(doc: OpenApiDocument, contract: FuzzRequest['contract'], info: OperationInfo, rng: Rng, creds: Credentials, p: number): FuzzRequest {
  const gen = schemaGen(doc, rng, () => creds.ids);
  let path = info.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const param = info.parameters.find((x) => x.in === 'path' && x.name === name) as { schema?: Schema } | undefined;
    return segment(gen, rng, param?.schema, creds, p);
  });
  const query = new URLSearchParams();
  for (const param of info.parameters as Array<{ in: string; name: string; required?: boolean; schema?: Schema }>) {
    if (param.in !== 'query') continue;
    if (param.required || chance(rng, 0.5)) query.set(param.name, chance(rng, p) ? String(gen.wrong()).slice(0, 2000) : String(gen.valid(param.schema)));
  }
  if (chance(rng, p / 3)) query.set(pick(rng, ['limit', 'cursor', 'x', '__proto__']), pick(rng, ODD_STRINGS));
  const search = query.toString();
  if (search) path += `?${search}`;

  const headers: Record<string, string> = {};
  const provider = info.path.startsWith('/superfone/') ? 'sfvopi' : info.path.startsWith('/voxifi/') ? 'voxifi' : 'control';
  const authRoll = rng();
  if (provider === 'sfvopi') {
    if (authRoll < 0.8) headers['x-api-key'] = creds.sfvopiKey;
    else if (authRoll < 0.9) headers['x-api-key'] = pick(rng, ODD_STRINGS.filter((s) => /^[\x20-\x7e]*$/.test(s)));
    else headers.cookie = `sf_session=${enc(pick(rng, ODD_STRINGS))}`;
  } else if (provider === 'voxifi') {
    if (authRoll < 0.8) headers.authorization = `Bearer ${creds.voxifiKey}`;
    else if (authRoll < 0.9) headers.authorization = pick(rng, ['Bearer', 'Basic abc', 'Bearer  ', `Bearer ${'k'.repeat(5000)}`]);
  }
  let preferred = false;
  if (provider !== 'control' && chance(rng, 0.1)) {
    headers.prefer = pick(rng, BAD_PREFER);
    preferred = true;
  }

  let body: string | undefined;
  const media = resolveRef(doc, info.operation.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content;
  const schema = media?.['application/json']?.schema;
  if (media && info.method !== 'get') {
    const roll = rng();
    if (roll < p / 4) body = pick(rng, ['{', '{"a":', 'null', '[]', '"str"', '\u0000', '{"a":1}{"b":2}', '[' .repeat(10_000)]);
    else if (roll < p / 3) body = undefined; // missing body
    else body = JSON.stringify(gen.mutated(schema, p));
    if (body !== undefined) headers['content-type'] = chance(rng, p / 4) ? pick(rng, ['text/plain', 'application/xml', 'application/json; charset=latin1']) : 'application/json';
  }
  return { operationId: info.operationId, contract, method: info.method.toUpperCase(), path, headers, body, preferred };
}

/** Every operation of both documents, in a stable order. */
export function allOperations(docs: { openapi: OpenApiDocument; control: OpenApiDocument }) {
  return [
    ...[...operationsOf(docs.openapi).values()].map((info) => ({ contract: 'openapi' as const, doc: docs.openapi, info })),
    ...[...operationsOf(docs.control).values()].map((info) => ({ contract: 'control' as const, doc: docs.control, info })),
  ];
}
