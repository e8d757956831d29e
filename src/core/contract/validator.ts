// Validation against a contract document with Ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses).
// Validators are compiled lazily, once per operation and status, on first use.
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { JsonSchema, OpenApiDocument, ParameterObject, ResponseObject } from './document-types.ts';
import { operationsOf, resolveRef } from './operations.ts';
import type { Violation } from '../journal.ts';

// Both packages are CommonJS with a default export.
type AjvClass = typeof import('ajv/dist/2020.js').default;
type AddFormats = typeof import('ajv-formats').default;
const Ajv2020 = ((Ajv2020Module as unknown as { default?: AjvClass }).default ?? Ajv2020Module) as AjvClass;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as AddFormats;

export interface RequestParts {
  params: Record<string, string | undefined>;
  query: URLSearchParams;
  headers: Headers;
  /** Parsed JSON body; `undefined` when there is none. */
  body: unknown;
  /** Set when the body could not be parsed as JSON. */
  bodyError?: string;
}

export interface ResponseParts {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface ContractValidator {
  validateRequest(operationId: string, parts: RequestParts): Violation[];
  validateResponse(operationId: string, parts: ResponseParts): Violation[];
  /** Validate any value against a schema at a JSON pointer of the document. */
  validateAt(pointer: string, value: unknown): Violation[];
}

function toViolations(prefix: string, errors: ErrorObject[] | null | undefined): Violation[] {
  if (!errors) return [];
  return errors.map((e) => ({
    location: prefix + e.instancePath.replace(/\//g, '.'),
    message: e.message ?? 'is invalid',
  }));
}

function coerce(value: string, schema: JsonSchema | undefined): unknown {
  const type = schema?.type;
  if ((type === 'integer' || type === 'number') && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

export function createValidator(document: OpenApiDocument, id: string): ContractValidator {
  // Made on the first validation, not when the mock is created: a mock (or a page) that has not
  // answered yet has compiled nothing. validateSchema off: checking the whole document against
  // the meta-schema costs 30-100 ms, and Redocly lint already checks it in CI.
  let ajv: InstanceType<AjvClass> | undefined;
  const ajvOf = () => {
    if (ajv) return ajv;
    ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, validateSchema: false });
    addFormats(ajv);
    ajv.addSchema({ ...document, $id: id } as object, id);
    return ajv;
  };
  const operations = operationsOf(document);
  const cache = new Map<string, ValidateFunction>();

  const compile = (pointer: string): ValidateFunction => {
    let fn = cache.get(pointer);
    if (fn === undefined) {
      fn = ajvOf().compile({ $ref: `${id}#${pointer.replace(/^#/, "")}` });
      cache.set(pointer, fn);
    }
    return fn;
  };
  // What a request of each operation is checked against, worked out once per operation.
  const plans = new Map<string, RequestPlan | null>();
  const planOf = (operationId: string): RequestPlan | null => {
    let plan = plans.get(operationId);
    if (plan !== undefined) return plan;
    const info = operations.get(operationId);
    if (!info) plan = null;
    else {
      const requestBody = info.operation.requestBody && resolveRef(document, info.operation.requestBody);
      plan = {
        parameters: info.parameters.filter((p) => p.in !== 'cookie').map((parameter) => ({
          parameter,
          pointer: parameter.schema ? pointerForParameter(document, info.path, info.method, parameter.name) : null,
        })),
        body: requestBody ? { required: requestBody.required === true, pointer: `${info.pointer.slice(1)}/requestBody/content/application~1json/schema` } : null,
      };
    }
    plans.set(operationId, plan);
    return plan;
  };
  const check = (pointer: string, value: unknown, prefix: string): Violation[] => {
    const fn = compile(pointer);
    return fn(value) ? [] : toViolations(prefix, fn.errors);
  };

  return {
    validateRequest(operationId, parts) {
      const plan = planOf(operationId);
      if (!plan) return [{ location: 'operation', message: `unknown operation ${operationId}` }];
      const violations: Violation[] = [];
      for (const { parameter: p, pointer } of plan.parameters) {
        const raw =
          p.in === 'path' ? parts.params[p.name] : p.in === 'query' ? parts.query.get(p.name) ?? undefined : parts.headers.get(p.name) ?? undefined;
        if (raw === undefined) {
          if (p.required) violations.push({ location: `${p.in}.${p.name}`, message: 'is required' });
          continue;
        }
        if (pointer === null) continue;
        const found = check(pointer, coerce(raw, p.schema!), `${p.in}.${p.name}`);
        if (found.length > 0) violations.push(...found);
      }
      const { body } = plan;
      if (body) {
        if (parts.bodyError) {
          violations.push({ location: 'body', message: parts.bodyError });
        } else if (parts.body === undefined) {
          if (body.required) violations.push({ location: 'body', message: 'is required' });
        } else {
          const found = check(body.pointer, parts.body, 'body');
          if (found.length > 0) violations.push(...found);
        }
      }
      return violations;
    },

    validateResponse(operationId, parts) {
      const info = operations.get(operationId);
      if (!info) return [{ location: 'operation', message: `unknown operation ${operationId}` }];
      const key = String(parts.status);
      const responses = info.operation.responses;
      const statusKey = key in responses ? key : `${key[0]}XX` in responses ? `${key[0]}XX` : 'default' in responses ? 'default' : null;
      if (!statusKey) return [{ location: 'response.status', message: `status ${key} is not documented for ${operationId}` }];
      const response = resolveRef<ResponseObject>(document, responses[statusKey]!);
      const violations: Violation[] = [];
      for (const [name, header] of Object.entries(response.headers ?? {})) {
        if (header.required && !parts.headers.has(name)) violations.push({ location: `response.header.${name}`, message: 'is required' });
      }
      if (response.content?.['application/json']?.schema) {
        const responsePointer = responses[statusKey]!.$ref
          ? responses[statusKey]!.$ref!.slice(1)
          : `${info.pointer.slice(1)}/responses/${statusKey}`;
        violations.push(...check(`${responsePointer}/content/application~1json/schema`, parts.body, 'response.body'));
      }
      return violations;
    },

    validateAt(pointer, value) {
      return check(pointer.replace(/^#/, ''), value, '');
    },
  };
}

interface RequestPlan {
  parameters: Array<{ parameter: ParameterObject; pointer: string | null }>;
  body: { required: boolean; pointer: string } | null;
}

function pointerForParameter(document: OpenApiDocument, path: string, method: string, name: string): string {
  const escaped = path.replace(/~/g, '~0').replace(/\//g, '~1');
  const item = document.paths[path]!;
  const own = (item as Record<string, { parameters?: Array<{ name?: string; $ref?: string }> }>)[method]?.parameters ?? [];
  const ownIndex = own.findIndex((p) => resolveRef(document, p).name === name);
  if (ownIndex >= 0) {
    const p = own[ownIndex]!;
    return p.$ref ? `${p.$ref.slice(1)}/schema` : `/paths/${escaped}/${method}/parameters/${ownIndex}/schema`;
  }
  const shared = item.parameters ?? [];
  const index = shared.findIndex((p) => resolveRef(document, p).name === name);
  const p = shared[index]!;
  return p.$ref ? `${p.$ref.slice(1)}/schema` : `/paths/${escaped}/parameters/${index}/schema`;
}
