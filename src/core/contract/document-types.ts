// The slice of OpenAPI 3.1 that voicemock reads at run time (routing, validation, examples).
export type JsonSchema = Record<string, unknown>;

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
  $ref?: string;
}

export interface MediaTypeObject {
  schema?: JsonSchema;
  example?: unknown;
  examples?: Record<string, { value?: unknown; summary?: string; 'x-voicemock-template'?: string }>;
}

export interface ResponseObject {
  description?: string;
  headers?: Record<string, { schema?: JsonSchema; required?: boolean }>;
  content?: Record<string, MediaTypeObject>;
  $ref?: string;
}

export interface OperationObject {
  operationId: string;
  tags?: string[];
  summary?: string;
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content?: Record<string, MediaTypeObject>; $ref?: string };
  responses: Record<string, ResponseObject>;
  security?: Array<Record<string, string[]>>;
  'x-voicemock-inferred'?: boolean;
  [extension: `x-${string}`]: unknown;
}

export type PathItemObject = {
  parameters?: ParameterObject[];
} & Partial<Record<'get' | 'put' | 'post' | 'delete' | 'patch', OperationObject>>;

export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, PathItemObject>;
  webhooks?: Record<string, PathItemObject>;
  components?: {
    schemas?: Record<string, JsonSchema>;
    responses?: Record<string, ResponseObject>;
    parameters?: Record<string, ParameterObject>;
    securitySchemes?: Record<string, unknown>;
  };
  [key: string]: unknown;
}
