// The operation table derived from a contract document: method, OpenAPI path, its msw-style
// pattern (for tests and tools that match with msw) and parameters for each operationId.
// Built once per document, on first use; core/router.ts routes on `path`.
import type { OpenApiDocument, OperationObject, ParameterObject } from './document-types.ts';

export type HttpMethodName = 'get' | 'put' | 'post' | 'delete' | 'patch';
const METHODS: HttpMethodName[] = ['get', 'put', 'post', 'delete', 'patch'];

export interface OperationInfo {
  operationId: string;
  method: HttpMethodName;
  path: string; // as in the spec, e.g. /superfone/sfvopi/apps/{app_id}
  mswPath: string; // e.g. */superfone/sfvopi/apps/:app_id
  pointer: string; // JSON pointer of the operation in the document
  parameters: ParameterObject[];
  operation: OperationObject;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function resolveRef<T>(document: OpenApiDocument, value: T): T {
  let current: unknown = value;
  while (current && typeof current === 'object' && '$ref' in current && typeof current.$ref === 'string') {
    const ref: string = current.$ref;
    current = ref
      .replace(/^#\//, '')
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document);
  }
  return current as T;
}

const tables = new WeakMap<OpenApiDocument, Map<string, OperationInfo>>();

export function operationsOf(document: OpenApiDocument): Map<string, OperationInfo> {
  let table = tables.get(document);
  if (table) return table;
  table = new Map();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) =>
        resolveRef(document, p),
      );
      table.set(operation.operationId, {
        operationId: operation.operationId,
        method,
        path,
        mswPath: '*' + path.replace(/\{([^}]+)\}/g, ':$1'),
        pointer: `#/paths/${escapePointer(path)}/${method}`,
        parameters,
        operation,
      });
    }
  }
  tables.set(document, table);
  return table;
}
