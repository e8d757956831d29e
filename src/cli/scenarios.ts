// `voicemock scenarios`: the one list of names that can be forced (mock.use, Prefer:
// scenario=, --scenario, PUT /__voicemock/scenarios/active), kept apart from the names of
// the replay stories in scenario files, which `voicemock replay` runs.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { contractScenarios } from '../core/forcing/names.ts';

export const SCENARIOS_USAGE = `Usage: voicemock scenarios [--files <dir>] [--json]

Lists every scenario name that can be forced, with its status, message and operations, then
the replay stories of the scenario files (default ./scenarios, else the package's own).`;

function packageScenarios(): string | null {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('voicemock/package.json')), 'scenarios');
  } catch {
    return null;
  }
}

export async function scenariosCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: { files: { type: 'string' }, json: { type: 'boolean' } } });
  const dir = values.files ?? (existsSync('scenarios') ? 'scenarios' : packageScenarios());
  const { loadScenarios } = await import('../scenarios/files.ts');
  const stories = dir && existsSync(dir) ? await loadScenarios(dir) : [];
  const forceable = contractScenarios();
  const withFaults = stories.filter((s) => s.faults?.length).map((s) => s.name);
  if (values.json) {
    process.stdout.write(JSON.stringify({ forceable, files: { dir, faults: withFaults, stories: stories.map((s) => s.name) } }, null, 2) + '\n');
    return 0;
  }
  const width = Math.max(...forceable.map((e) => e.name.length));
  const lines = [`Forceable (mock.use, Prefer: scenario=, --scenario, PUT /__voicemock/scenarios/active): ${forceable.length}`, ''];
  for (const e of forceable) {
    const ops = e.operations.length > 3 ? `${e.operations.slice(0, 3).join(', ')} +${e.operations.length - 3}` : e.operations.join(', ');
    lines.push(`  ${e.name.padEnd(width)}  ${e.status}  ${e.template ?? e.message}  [${ops}]`);
  }
  lines.push('', `Scenario files in ${dir ?? '(none)'}: replay stories for \`voicemock replay\`, not names to force.`);
  if (withFaults.length) lines.push(`  With faults, also forceable once loaded (serve --scenarios ${dir}; createVoicemock({ scenarios })): ${withFaults.join(', ')}`);
  const others = stories.map((s) => s.name).filter((n) => !withFaults.includes(n) && !forceable.some((e) => e.name === n));
  if (others.length) lines.push(`  Stories only: ${others.join(', ')}`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
