// `voicemock scenarios`: the one list of names that can be forced (mock.use, Prefer:
// scenario=, --scenario, PUT /__voicemock/scenarios/active), kept apart from the names of
// the replay stories in scenario files, which `voicemock replay` runs.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packagedScenariosDir } from './serve.ts';
import { contractScenarios } from '../core/forcing/names.ts';

export const SCENARIOS_USAGE = `Usage: voicemock scenarios [--scenarios <dir>] [--json]

Lists every scenario name that can be forced, with its status, message and operations, then
the scenario files serve loads (the package's own, and ./scenarios or --scenarios <dir>):
the faults they add, and their replay stories.`;

export async function scenariosCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: { scenarios: { type: 'string' }, json: { type: 'boolean' } } });
  // The files serve loads: the package's own, then the user's.
  const own = values.scenarios ?? (existsSync('scenarios') ? 'scenarios' : undefined);
  const dirs = [packagedScenariosDir(), own].filter((d): d is string => d !== undefined && existsSync(d));
  const unique = dirs.filter((d, i) => dirs.findIndex((e) => resolve(e) === resolve(d)) === i);
  const dir = unique.join(', ') || null;
  const { loadScenarios } = await import('../scenarios/files.ts');
  const stories = (await Promise.all(unique.map((d) => loadScenarios(d)))).flat();
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
  if (withFaults.length) lines.push(`  With faults, forceable on voicemock serve (in-process: createVoicemock({ scenarios: await loadScenarios(dir) })): ${withFaults.join(', ')}`);
  const others = stories.map((s) => s.name).filter((n) => !withFaults.includes(n) && !forceable.some((e) => e.name === n));
  if (others.length) lines.push(`  Stories only: ${others.join(', ')}`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
