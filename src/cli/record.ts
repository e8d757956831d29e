// `voicemock record --upstream URL --out FILE [--port N] [--name NAME]`: a recording proxy.
// Point your client at it; on Ctrl-C (SIGINT) or SIGTERM it writes the scenario file.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startRecorder } from '../scenarios/recorder.ts';

export const RECORD_USAGE = `Usage: voicemock record --upstream URL --out FILE [--port 4020] [--name NAME]

Proxies to URL and writes what passed through as a scenario file when stopped (Ctrl-C).
API keys, bearer tokens, session cookies and secrets are redacted.`;

export async function recordCommand(argv: string[]): Promise<number | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: {
      upstream: { type: 'string' },
      out: { type: 'string' },
      port: { type: 'string', default: '4020' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.upstream || !values.out || !/^https?:\/\//.test(values.upstream)) {
    process.stderr.write(RECORD_USAGE + '\n');
    return values.help ? 0 : 2;
  }
  const recorder = await startRecorder({ upstream: values.upstream, port: Number(values.port), name: values.name });
  process.stdout.write(`voicemock record: proxying ${recorder.url} → ${values.upstream}; Ctrl-C writes ${values.out}\n`);
  const finish = async () => {
    await writeFile(values.out!, await recorder.stop());
    process.stdout.write(`wrote ${recorder.steps.length} steps to ${values.out}\n`);
    process.exit(0);
  };
  process.once('SIGINT', () => void finish());
  process.once('SIGTERM', () => void finish());
  return undefined;
}
