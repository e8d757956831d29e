// `voicemock replay <file|dir> [--target URL] [--seed N] [--reporter table|junit]`: runs
// scenario steps against the in-process mock (default) or any server, and exits non-zero on a
// failure, so CI can gate on it.
import { parseArgs } from 'node:util';
import { createVoicemock } from '../index.ts';
import { nodeCapabilities } from '../http/node-capabilities.ts';
import { loadScenarios, ScenarioFileError } from '../scenarios/files.ts';
import { replayAll } from '../scenarios/replay.ts';
import { httpTransport, inProcessTransport } from '../scenarios/transport.ts';
import { junit, table } from '../scenarios/report.ts';

export const REPLAY_USAGE = `Usage: voicemock replay <file|dir> [--target URL] [--seed N] [--reporter table|junit]
                        [--sfvopi-key KEY] [--voxifi-key KEY]

Replays scenario files. Without --target, against a fresh in-process voicemock; with it,
against that server. A voicemock target (one answering /__voicemock/health) is reset and set
up with each scenario's provider state. Any other target, the real provider included, is
used as it is: steps that name an organisation carry --sfvopi-key or --voxifi-key (or
VOICEMOCK_SFVOPI_KEY / VOICEMOCK_VOXIFI_KEY), and the differences show where it drifts.`;

export async function replayCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      seed: { type: 'string', default: '1' },
      reporter: { type: 'string', default: 'table' },
      'sfvopi-key': { type: 'string' },
      'voxifi-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length !== 1 || !['table', 'junit'].includes(values.reporter!)) {
    process.stderr.write(REPLAY_USAGE + '\n');
    return values.help ? 0 : 2;
  }
  let scenarios;
  try {
    scenarios = await loadScenarios(positionals[0]!);
  } catch (e) {
    process.stderr.write(`${e instanceof ScenarioFileError ? e.message : `cannot read ${positionals[0]}: ${(e as Error).message}`}\n`);
    return 2;
  }
  const transport = values.target ? httpTransport(values.target) : inProcessTransport(await createVoicemock({ ...nodeCapabilities, scenarios }));
  const isVoicemock = !values.target || (await transport.send('GET', '/__voicemock/health', {}).then((a) => a.status === 200, () => false));
  const external = isVoicemock
    ? undefined
    : { sfvopiKey: values['sfvopi-key'] ?? process.env.VOICEMOCK_SFVOPI_KEY, voxifiKey: values['voxifi-key'] ?? process.env.VOICEMOCK_VOXIFI_KEY };
  if (external) process.stderr.write(`${values.target} is not a voicemock: replaying without reset or provider state\n`);
  const tty = process.stderr.isTTY;
  const results = await replayAll(transport, scenarios, {
    seed: Number(values.seed),
    external,
    onProgress(done, total, last) {
      const line = `replaying ${done}/${total} ${last.passed ? 'ok  ' : 'FAIL'} ${last.name}`;
      process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
    },
  });
  if (tty) process.stderr.write('\r\x1b[K');
  process.stdout.write((values.reporter === 'junit' ? junit(results) : table(results)) + '\n');
  return results.every((r) => r.passed) ? 0 : 1;
}
