// `voicemock/types`: the openapi-typescript types of the shipped contracts, for typed clients
// such as openapi-fetch: `createClient<paths>({ baseUrl, fetch: mock.fetch })`.
export type { paths, webhooks, components, operations } from './generated/openapi.ts';
export type {
  paths as ControlPaths,
  components as ControlComponents,
  operations as ControlOperations,
} from './generated/control-api.ts';
