// The mock's context, for voicemock's own adapters (node:http, the vitest helpers, the CLI) and
// for the few tests that need an internal. It sits under a symbol that no public entry exports,
// so it is on no documented surface: users have mock.clock, mock.journal, mock.on and the
// control API instead.
import type { MockContext } from './core/context.ts';

export const CONTEXT: unique symbol = Symbol('voicemock.context');

/** The mock's whole context (or, for a structural adapter type, the part it needs). */
export function contextOf<C = MockContext>(mock: { readonly [CONTEXT]: C }): C {
  return mock[CONTEXT];
}
