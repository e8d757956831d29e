// Replaying scenarios: set up the provider state they start from, send their steps, compare
// with what they expect. Works against the in-process mock or any server over HTTP (a
// voicemock, or a real provider for the steps that need no control API).
import type { ReplayScript, ScenarioOrg, RequestStep } from './types.ts';
import type { Transport } from './transport.ts';
import { firstDifference, pick } from './compare.ts';

export interface StepResult {
  name: string;
  passed: boolean;
  status: number | null;
  difference: string | null;
}

export interface ScenarioResult {
  name: string;
  file: string | undefined;
  passed: boolean;
  steps: StepResult[];
  firstDifference: string | null;
  durationMs: number;
}

interface Credentials {
  org_id: number;
  sfvopi: { api_key: string };
  voxifi: { api_keys: Record<string, string>; agents: Array<{ id: string; name: string }> };
}

interface Vars {
  orgs: Record<string, Credentials>;
  apps: Record<string, string>;
  agents: Record<string, string>;
  saved: Record<string, unknown>;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

function render(text: string, vars: Vars): string {
  return text.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (whole, path: string) => {
    const value = pick(vars, path);
    return value === undefined ? whole : String(value);
  });
}

function renderDeep(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') return render(value, vars);
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, vars)]));
  return value;
}

async function expectOk(transport: Transport, what: string, method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const answer = await transport.send(method, path, { ...JSON_HEADERS, ...headers }, body === undefined ? undefined : JSON.stringify(body));
  if (answer.status !== 200) throw new Error(`setting up ${what}: ${method} ${path} answered ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as Record<string, any>;
}

async function setUp(transport: Transport, given: ReplayScript['given'], seed: number, vars: Vars): Promise<void> {
  await expectOk(transport, 'reset', 'POST', '/__voicemock/reset', {}, { seed });
  for (const [ref, org] of Object.entries(given?.orgs ?? {})) {
    const spec: ScenarioOrg = org;
    const created = (await expectOk(transport, `org ${ref}`, 'POST', '/__voicemock/orgs', {}, {
      name: ref,
      ...(spec.sfvopi?.numbers ? { sfvopi: { numbers: spec.sfvopi.numbers } } : {}),
      ...(spec.voxifi ? { voxifi: spec.voxifi } : {}),
    })) as unknown as Credentials;
    vars.orgs[ref] = created;
    for (const agent of created.voxifi.agents) vars.agents[agent.name] = agent.id;
    const key = { 'x-api-key': created.sfvopi.api_key };
    for (const [appRef, app] of Object.entries(spec.sfvopi?.apps ?? {})) {
      const { numbers, status, ...fields } = app;
      const made = await expectOk(transport, `app ${appRef}`, 'POST', '/superfone/sfvopi/apps', key, fields);
      const appId = made.data.app_id as string;
      vars.apps[appRef] = appId;
      for (const number of numbers ?? []) await expectOk(transport, `link ${number}`, 'POST', `/superfone/sfvopi/apps/${appId}/numbers`, key, { voip_number: number });
      if (status === 'INACTIVE') await expectOk(transport, `app ${appRef} status`, 'PUT', `/superfone/sfvopi/apps/${appId}`, key, { status });
    }
  }
}

/** For a target without voicemock's control API (a real provider): keys given on the command line. */
export interface ExternalCredentials {
  sfvopiKey?: string;
  voxifiKey?: string;
}

function credentialsFor(step: RequestStep, vars: Vars, external?: ExternalCredentials): Record<string, string> {
  if (!step.as) return {};
  if (external) {
    if (step.request.path.startsWith('/voxifi/')) return external.voxifiKey ? { authorization: `Bearer ${external.voxifiKey}` } : {};
    return external.sfvopiKey ? { 'x-api-key': external.sfvopiKey } : {};
  }
  const org = vars.orgs[step.as];
  if (!org) throw new Error(`step uses organisation ${step.as}, which the scenario does not give`);
  if (step.request.path.startsWith('/voxifi/')) {
    const key = org.voxifi.api_keys[step.role ?? 'Owner'];
    return key ? { authorization: `Bearer ${key}` } : {};
  }
  return { 'x-api-key': org.sfvopi.api_key };
}

async function sendStep(transport: Transport, step: RequestStep, vars: Vars, prefer: Record<string, string>, external?: ExternalCredentials): Promise<{ difference: string | null; status: number | null }> {
  let difference: string | null = null;
  let status: number | null = null;
  try {
    const path = render(step.request.path, vars);
    const headers: Record<string, string> = { ...prefer, ...credentialsFor(step, vars, external), ...(renderDeep(step.request.headers ?? {}, vars) as Record<string, string>) };
    let body: string | undefined = step.request.raw;
    if (step.request.body !== undefined) {
      body = JSON.stringify(renderDeep(step.request.body, vars));
      headers['content-type'] ??= 'application/json';
    }
    const answer = await transport.send(step.request.method, path, headers, body);
    status = answer.status;
    if (answer.status !== step.expect.status) difference = `status: expected ${step.expect.status}, got ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`;
    else if (step.expect.body !== undefined) difference = firstDifference(renderDeep(step.expect.body, vars), answer.body);
    if (!difference) {
      for (const [header, value] of Object.entries(step.expect.headers ?? {})) {
        const got = answer.headers.get(header);
        if (got !== render(value, vars)) {
          difference = `header ${header}: expected ${JSON.stringify(value)}, got ${JSON.stringify(got)}`;
          break;
        }
      }
    }
    if (!difference) for (const [variable, from] of Object.entries(step.save ?? {})) vars.saved[variable] = pick({ body: answer.body, headers: Object.fromEntries(answer.headers) }, from);
  } catch (e) {
    difference = (e as Error).message;
  }
  return { difference, status };
}

/**
 * A latency fault waits on the mock's clock. On a virtual clock nothing moves it while a step
 * waits for its answer, so the replay lets the fault's delay pass as clock time: it advances the
 * clock by it until the answer comes (once, unless the request had not reached its wait yet).
 */
async function sendWithLatency(transport: Transport, latencyMs: number, send: () => ReturnType<typeof sendStep>): ReturnType<typeof sendStep> {
  let settled = false;
  const pending = send().finally(() => (settled = true));
  while (!settled) {
    const advanced = await transport.send('POST', '/__voicemock/clock/advance', JSON_HEADERS, JSON.stringify({ ms: latencyMs }));
    if (advanced.status !== 200) break;
    await Promise.race([pending, new Promise((r) => setTimeout(r, 20))]);
  }
  return pending;
}

async function onVirtualClock(transport: Transport): Promise<boolean> {
  const clock = await transport.send('GET', '/__voicemock/clock', {});
  return (clock.body as { kind?: string } | undefined)?.kind === 'virtual';
}

export interface ReplayOptions {
  seed?: number;
  /** Set for a target that is not a voicemock: no reset, no provider state set up, these keys instead. */
  external?: ExternalCredentials;
}

export async function replayScenario(transport: Transport, scenario: ReplayScript, seedOrOptions: number | ReplayOptions = 1): Promise<ScenarioResult> {
  const { seed = 1, external } = typeof seedOrOptions === 'number' ? { seed: seedOrOptions } : seedOrOptions;
  const started = performance.now();
  const vars: Vars = { orgs: {}, apps: {}, agents: {}, saved: {} };
  const steps: StepResult[] = [];
  const finish = (): ScenarioResult => {
    const failed = steps.find((s) => !s.passed);
    return {
      name: scenario.name,
      file: scenario.file,
      passed: !failed,
      steps,
      firstDifference: failed ? `${failed.name}: ${failed.difference}` : null,
      durationMs: Math.round(performance.now() - started),
    };
  };
  try {
    if (!external) await setUp(transport, scenario.given, seed, vars);
  } catch (e) {
    steps.push({ name: 'given', passed: false, status: null, difference: (e as Error).message });
    return finish();
  }
  // A scenario with faults is replayed with itself switched on.
  const prefer: Record<string, string> = scenario.faults?.length ? { prefer: `scenario=${scenario.name}` } : {};
  const latency = Math.max(0, ...(scenario.faults ?? []).map((f) => f.delay_ms ?? 0));
  const passLatency = latency > 0 && !external && (await onVirtualClock(transport));
  for (const [index, step] of scenario.steps.entries()) {
    const name = step.name ?? `step ${index + 1}`;
    if ('advance_ms' in step) {
      const answer = await transport.send('POST', '/__voicemock/clock/advance', JSON_HEADERS, JSON.stringify({ ms: step.advance_ms }));
      steps.push({ name, passed: answer.status === 200, status: answer.status, difference: answer.status === 200 ? null : `clock advance answered ${answer.status}` });
      if (answer.status !== 200) break;
      continue;
    }
    let difference: string | null = null;
    let status: number | null = null;
    const deadline = performance.now() + (step.within_ms ?? 0);
    for (;;) {
      const send = () => sendStep(transport, step, vars, prefer, external);
      ({ difference, status } = await (passLatency ? sendWithLatency(transport, latency, send) : send()));
      if (difference === null || performance.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    steps.push({ name, passed: difference === null, status, difference });
    if (difference) break;
  }
  return finish();
}

export async function replayAll(
  transport: Transport,
  scenarios: ReplayScript[],
  options: ReplayOptions & { onProgress?: (done: number, total: number, last: ScenarioResult) => void } = {},
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const result = await replayScenario(transport, scenario, options);
    results.push(result);
    options.onProgress?.(results.length, scenarios.length, result);
  }
  return results;
}
