// `voicemock serve`: a mock on the real clock behind the HTTP adapter, and the one line a
// newcomer needs to start curling it.
import { createRealClock, createVirtualClock, createVoicemock, VERSION, type Voicemock } from '../index.ts';
import { nodeCapabilities, startServer, type RunningServer } from '../http/node-server.ts';
import { contextOf } from '../internal.ts';
import { wsConnectorFor } from '../http/ws-client.ts';
import { guardedFetch } from '../http/guarded-lookup.ts';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReplayScript } from '../scenarios/types.ts';
import { isForceable, unknownScenarioMessage } from '../core/forcing/names.ts';
import type { MockConfig } from '../core/context.ts';
import type { Limits } from '../core/limits.ts';
import { hostName, isLoopbackName } from '../control/origin.ts';
import { drainCalls, type Drained } from '../sfvopi/engine/drain.ts';

export interface ServeOptions {
  host: string;
  port: number;
  seed?: number;
  /** Real seconds per mock second divided out: 10 makes a 60 s call last 6 s. */
  timeScale: number;
  /** Switched on for every request from the start (`--scenario`). */
  scenario?: string;
  /** Scenario files to load besides the packaged ones (`--scenarios`); default ./scenarios when it exists. */
  scenariosDir?: string;
  /** Time moves only through the control API (`--virtual-clock`). */
  virtualClock?: boolean;
  /** Host names and origins the control API also answers (`--allow-host`, `--allow-origin`). */
  allowHosts?: string[];
  allowOrigins?: string[];
  /** Hosts outbound webhooks may call despite the link-local/metadata guard (`--allow-outbound`). */
  allowOutbound?: string[];
  /** Required on control requests (`--control-token`); must be set when bound beyond loopback. */
  controlToken?: string;
  /** Unset ones keep their defaults (src/core/limits.ts). */
  limits?: { [K in keyof Limits]?: number | undefined };
  maxConnections?: number;
  /** Values for the Stream JSON fields the docs leave open (`--stream-defaults`). */
  streamDefaults?: MockConfig['streamDefaults'];
}

const STREAM_DEFAULT_NAMES = ['bidirectional', 'keep_call_alive'] as const;

/** `--stream-defaults bidirectional=true,keep_call_alive` (a bare name means true); unknown names fail. */
export function parseStreamDefaults(raw: string): MockConfig['streamDefaults'] {
  const out: MockConfig['streamDefaults'] = {};
  for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name = '', value = 'true'] = part.split('=');
    if (!(STREAM_DEFAULT_NAMES as readonly string[]).includes(name) || (value !== 'true' && value !== 'false')) {
      throw Object.assign(new Error(`--stream-defaults takes ${STREAM_DEFAULT_NAMES.map((n) => `${n}=true|false`).join(',')}, got "${part}"`), { code: 'VOICEMOCK_USAGE' });
    }
    out[name as (typeof STREAM_DEFAULT_NAMES)[number]] = value === 'true';
  }
  return out;
}

/** The listening address a client reaches by name: wildcards are no name at all. */
const isWildcard = (host: string) => host === '0.0.0.0' || host === '::' || host === '';

function accessOf(options: ServeOptions): Pick<MockConfig, 'allowedHosts' | 'allowedOrigins' | 'controlToken'> {
  const loopback = isLoopbackName(hostName(options.host));
  if (!loopback && !options.controlToken) {
    throw Object.assign(new Error(`--control-token is required when --host (${options.host}) is not a loopback address: anyone who can reach it could drive the control API`), { code: 'VOICEMOCK_USAGE' });
  }
  const hosts = [...(options.allowHosts ?? [])];
  if (!loopback && !isWildcard(options.host)) hosts.push(options.host);
  return { allowedHosts: hosts, allowedOrigins: options.allowOrigins ?? [], controlToken: options.controlToken ?? null };
}

export interface Serving {
  mock: Voicemock;
  server: RunningServer;
}

/** The scenario files voicemock ships (its package's scenarios/), wherever this module runs from. */
export function packagedScenariosDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'voicemock') return join(dir, 'scenarios');
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/**
 * The packaged scenario files, then the user's (`--scenarios`, default ./scenarios if present):
 * so the shipped faults (`voxifi-server-error`, …) can be named from any directory, and a user's
 * file of the same name wins.
 */
async function scenarioFiles(dir: string | undefined) {
  const { loadScenarios } = await import('../scenarios/files.ts');
  const packaged = packagedScenariosDir();
  const own = dir ?? (existsSync('scenarios') ? 'scenarios' : undefined);
  const dirs = [packaged, own].filter((d): d is string => d !== undefined);
  const unique = dirs.filter((d, i) => dirs.findIndex((e) => resolve(e) === resolve(d)) === i);
  return (await Promise.all(unique.map((d) => loadScenarios(d)))).flat();
}

export async function serve(options: ServeOptions): Promise<Serving> {
  const clock = options.virtualClock ? createVirtualClock() : createRealClock(options.timeScale);
  const limits = Object.fromEntries(Object.entries(options.limits ?? {}).filter(([, v]) => v !== undefined)) as Partial<Limits>;
  const outbound = { allowedOutboundHosts: options.allowOutbound ?? [] };
  const mock = await createVoicemock({
    ...nodeCapabilities,
    seed: options.seed, clock, connectWebSocket: wsConnectorFor(outbound), fetch: guardedFetch(outbound),
    config: { ...accessOf(options), ...outbound, streamDefaults: options.streamDefaults ?? {}, ...limits },
  });
  const register = (scenarios: ReplayScript[]) => {
    for (const s of scenarios) if (s.faults?.length) contextOf(mock).faultProfiles.set(s.name, s.faults);
    return scenarios;
  };
  if (options.scenario) {
    register(await scenarioFiles(options.scenariosDir));
    if (!isForceable(contextOf(mock), options.scenario)) throw Object.assign(new Error(unknownScenarioMessage(contextOf(mock), options.scenario)), { code: 'VOICEMOCK_USAGE' });
    contextOf(mock).scenarios.all = options.scenario;
  }
  const server = await startServer({ mock, host: options.host, port: options.port, ...(options.maxConnections ? { connections: { maxConnections: options.maxConnections } } : {}) });
  // Off the start-up path: the files only add faults that a request names.
  if (!options.scenario) {
    // A name the files will know is not refused while they load.
    contextOf(mock).engines.namesPending = scenarioFiles(options.scenariosDir).then(register, (error: Error) => {
      process.stderr.write(`voicemock: scenario files not loaded: ${error.message}\n`);
    });
  }
  return { mock, server };
}

/**
 * The start-up lines: where it listens, how long start took, and the demo organisation's
 * credentials (first line, which scripts parse); the inspector's URL; and, at a time scale, that
 * the mock's timestamps run ahead of real time.
 */
export function startupLines({ mock, server }: Serving, startedInMs: number, options: { timeScale?: number; virtualClock?: boolean; controlToken?: string } = {}): string[] {
  const head = `voicemock ${VERSION} listening on ${server.url} (started in ${Math.round(startedInMs)} ms)`;
  const demo = mock.demo;
  let first = head;
  if (demo) {
    const sfv = `SFVoPI X-API-Key: ${demo.sfvopi.api_key} numbers ${demo.sfvopi.numbers.join(' ')}`;
    const owner = demo.voxifi.api_keys.Owner;
    const vxNumbers = demo.voxifi.numbers.map((n) => n.number).join(' ');
    const vx = owner ? ` | Voxifi Authorization: Bearer ${owner} (Owner) numbers ${vxNumbers}` : '';
    first = `${head} | demo org ${demo.org_id}: ${sfv}${vx}`;
  }
  const token = options.controlToken ? `?token=${encodeURIComponent(options.controlToken)}` : '';
  const lines = [first, `inspector: ${server.url}/__voicemock/${token}`];
  const scale = options.virtualClock ? 1 : (options.timeScale ?? 1);
  if (scale !== 1) {
    lines.push(`time scale ${scale}: the mock's clock runs ${scale}× real time, so its timestamps (webhooks, events) run ahead of your clock; compare them with each other, not with your own now`);
  }
  return lines;
}

/**
 * Stops within about `boundMs` twice over: live calls are hung up (hangup webhooks sent) for up
 * to `boundMs`, then requests in flight get up to `boundMs` before they are cut.
 */
export async function stopServing({ mock, server }: Serving, boundMs = 2000): Promise<Drained> {
  const drained = await drainCalls(contextOf(mock), boundMs);
  await server.close();
  await mock.reset(); // cancels whatever timers and deliveries are left
  return drained;
}
