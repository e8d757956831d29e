// How to face an outcome, as data: a test executes every hint a report can print, and the
// report turns each into one line of text for people.
export type Hint =
  /** Force it by name: mock.use(name), `Prefer: scenario=name`, `--scenario name`. */
  | { kind: 'scenario'; scenario: string; operation: string; then?: string }
  /** Force a documented status that has no named example: `Prefer: code=<code>`. */
  | { kind: 'code'; operation: string; code: number }
  /** Any valid request of the operation. */
  | { kind: 'request'; operation: string }
  /** A state of the provider that produces it, described in words (the provider's own hints). */
  | { kind: 'state'; operation: string; state: string; text: string }
  /** How the user's server (the callee) must behave, e.g. a built-in receiver's statuses. */
  | { kind: 'callee'; behaviour: string; text: string };

export function hintText(hint: Hint): string {
  switch (hint.kind) {
    case 'scenario':
      return `mock.use('${hint.scenario}') · Prefer: scenario=${hint.scenario} on ${hint.operation} · --scenario ${hint.scenario}${hint.then ? ` (${hint.then})` : ''}`;
    case 'code':
      return `Prefer: code=${hint.code} on ${hint.operation}`;
    case 'request':
      return `a valid ${hint.operation} request`;
    case 'state':
    case 'callee':
      return hint.text;
  }
}
