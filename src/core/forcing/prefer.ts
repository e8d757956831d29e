// The Prefer request header: voicemock's `scenario=<name>` and Prism's `code=<status>` and
// `example=<name>`, which can be combined (`Prefer: code=409, example=link_conflict`).
export interface Preference {
  scenario?: string;
  code?: string;
  example?: string;
}

export function parsePrefer(header: string | null): Preference | undefined {
  if (!header) return undefined;
  const found: Preference = {};
  for (const part of header.split(/[,;]/)) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    if (key === 'scenario' || key === 'code' || key === 'example') found[key] = value;
  }
  return found.scenario || found.code || found.example ? found : undefined;
}
