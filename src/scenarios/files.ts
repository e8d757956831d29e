// Reading scenario files: YAML checked against scenarios/scenario.schema.json. A bad file is
// rejected naming the file, the line and the field at fault. Node-only (reads the disk).
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import type { ReplayScript } from './types.ts';
import { closestName, contractScenarios } from '../core/forcing/names.ts';
import { exampleKey } from '../core/forcing/examples.ts';
import { operationsOf } from '../core/contract/operations.ts';
import { openapiDocument } from '../generated/openapi-document.ts';

type AjvClass = typeof import('ajv/dist/2020.js').default;
const Ajv2020 = ((Ajv2020Module as unknown as { default?: AjvClass }).default ?? Ajv2020Module) as AjvClass;

// Imported, not read from disk, so the bundled command carries it too.
import scenarioSchema from '../../scenarios/scenario.schema.json' with { type: 'json' };

export class ScenarioFileError extends Error {
  readonly file: string;
  readonly line: number;
  readonly field: string;
  constructor(file: string, line: number, field: string, detail: string) {
    super(`${file}:${line}: ${field}: ${detail}`);
    this.file = file;
    this.line = line;
    this.field = field;
  }
}

let validate: ReturnType<InstanceType<AjvClass>['compile']> | undefined;

async function validator() {
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: false, strict: false });
    validate = ajv.compile(scenarioSchema);
  }
  return validate;
}

/** The most specific error: oneOf failures report the branch that got furthest. */
function pickError(errors: ErrorObject[]): ErrorObject {
  return errors.reduce((best, e) => (e.instancePath.length > best.instancePath.length ? e : best), errors[0]!);
}

export async function parseScenarioFile(file: string, text: string): Promise<ReplayScript[]> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new ScenarioFileError(file, e.linePos?.[0]?.line ?? 1, '(yaml)', e.message.split('\n')[0]!);
  }
  const data = doc.toJS() as unknown;
  const check = await validator();
  if (!check(data)) {
    const e = pickError(check.errors ?? []);
    const path = e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const line = node?.range ? lineCounter.linePos(node.range[0]).line : 1;
    const field = path.join('.') || '(root)';
    const extra = e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : '';
    throw new ScenarioFileError(file, line, field, `${e.message ?? 'is invalid'}${extra}`);
  }
  const scripts = (data as { scenarios: ReplayScript[] }).scenarios;
  const wrong = wrongFaultName(scripts);
  if (wrong) {
    const node = doc.getIn(wrong.path, true) as { range?: [number, number, number] } | undefined;
    throw new ScenarioFileError(file, node?.range ? lineCounter.linePos(node.range[0]).line : 1, wrong.path.join('.'), wrong.message);
  }
  return scripts.map((s) => ({ ...s, file }));
}

/** Names that cannot be wrong: a fault's operation and example must exist, or the file is refused. */
function wrongFaultName(scripts: ReplayScript[]): { path: Array<string | number>; message: string } | null {
  const operations = operationsOf(openapiDocument);
  const examples = new Set(contractScenarios().map((e) => exampleKey(e.name)));
  for (const [i, script] of scripts.entries()) {
    for (const [j, fault] of (script.faults ?? []).entries()) {
      if (fault.operation !== '*' && !operations.has(fault.operation)) {
        return { path: ['scenarios', i, 'faults', j, 'operation'], message: `no operation ${fault.operation} in openapi.yaml` };
      }
      if (fault.example !== undefined && !examples.has(exampleKey(fault.example))) {
        const guess = closestName(fault.example, contractScenarios().map((e) => e.name));
        return { path: ['scenarios', i, 'faults', j, 'example'], message: `no example ${fault.example} in openapi.yaml${guess ? ` (did you mean ${guess}?)` : ''}` };
      }
    }
  }
  return null;
}

/** A file, or every .yaml/.yml file in a directory (sorted), with names unique across them. */
export async function loadScenarios(target: string): Promise<ReplayScript[]> {
  const info = await stat(target);
  const files = info.isDirectory()
    ? (await readdir(target)).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(target, f))
    : [target];
  const all: ReplayScript[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    for (const scenario of await parseScenarioFile(file, await readFile(file, 'utf8'))) {
      const previous = seen.get(scenario.name);
      if (previous) throw new ScenarioFileError(file, 1, 'name', `scenario ${scenario.name} is also defined in ${previous}`);
      seen.set(scenario.name, file);
      all.push(scenario);
    }
  }
  return all;
}
