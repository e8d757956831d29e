// The two contracts as validators, built from the documents themselves: tests check an answer
// against openapi.yaml or control-api.yaml without reaching into a mock for its copy.
import { createValidator, type ContractValidator } from '../../src/core/contract/validator.ts';
import { openapiDocument } from '../../src/generated/openapi-document.ts';
import { controlApiDocument } from '../../src/generated/control-api-document.ts';

let api: ContractValidator | undefined;
let control: ContractValidator | undefined;

/** openapi.yaml: the SFVoPI and Voxifi operations, webhooks and stream messages. */
export const apiContract = (): ContractValidator => (api ??= createValidator(openapiDocument, 'openapi.json'));

/** control-api.yaml: voicemock's own /__voicemock/* API. */
export const controlContract = (): ContractValidator => (control ??= createValidator(controlApiDocument, 'control-api.json'));

/** The validator for a path: control-api.yaml under /__voicemock/, openapi.yaml elsewhere. */
export const contractFor = (path: string): ContractValidator => (path.startsWith('/__voicemock/') ? controlContract() : apiContract());
