// What a provider (or the load tester, or the control API) brings to a mock: its store tables,
// the defaults of its config options, its live engines and its routes. createVoicemock builds a
// mock from one list of these, so core names none of them.
import type { Engines, MockConfig, MockContext } from './context.ts';
import type { StoreSchema } from './store/store.ts';
import type { RouteSet } from './operation.ts';

/** What the mock itself offers the routes (the control API resets it, the load tester calls it). */
export interface MockHooks {
  /** Drops all state and re-seeds; `seed` replaces the seed. */
  reset(seed?: number): Promise<number>;
  /** performance.now() when the mock was created. */
  startedAt: number;
  /** The mock's own API, in-process (mock.fetch for a Request). */
  api(request: Request): Promise<Response>;
}

export interface MockPart {
  /** For error messages. */
  name: string;
  /** The store tables and per-organisation lists it keeps. */
  store?: StoreSchema;
  /** Defaults of its own config options. */
  config?: Partial<MockConfig>;
  /** Its live engines, made once per mock; each registers its reset in ctx.onReset. */
  engines?(ctx: MockContext): Partial<Engines>;
  /** Its routes in the one table. */
  routes?(ctx: MockContext, hooks: MockHooks): RouteSet;
}

/** The engines of every part, made once: a name two parts claim is a mistake. */
export function assembleEngines(parts: readonly MockPart[], ctx: MockContext): Engines {
  const engines: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [name, engine] of Object.entries(part.engines?.(ctx) ?? {})) {
      if (name in engines) throw new Error(`${part.name} makes an engine ${name} that another part made`);
      engines[name] = engine;
    }
  }
  return engines as unknown as Engines;
}
