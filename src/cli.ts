// The `voicemock` command. Subcommands (serve, replay, record, …) live in one dispatch table,
// each in src/cli/. Heavy modules (msw, ajv, faker, the contract) are imported only once a
// command needs them, after Node's compile cache is on, so --help stays instant and a second
// start skips parsing, type stripping and compiling.
import module from 'node:module';
import { parseArgs } from 'node:util';
import { VERSION } from './core/version.ts';

const USAGE = `Usage: voicemock <command> [options]

Commands:
  serve                 Serve the SFVoPI, Voxifi and control APIs over HTTP
  replay <file|dir>     Replay scenario files (--target URL, --seed N, --reporter table|junit)
  record                Proxy to --upstream URL and write what passes as a scenario (--out FILE)
  init <publicDir>      Write msw's mockServiceWorker.js there, for voicemock/browser
  load                  Load-test your voice agent (--answer-url URL --calls N --rate R --hold S …);
                        load merge a.json b.json … combines shard reports. voicemock load --help
  scenarios             List the scenario names that can be forced, apart from scenario-file stories
  coverage <report.json>…  Merge coverage reports, print what was faced and how to face the rest
                        (--min-outcomes 80% --require link-conflict,… --junit FILE). voicemock coverage --help
  converse <file|dir>   Run conversation scripts against your voice agent (--answer-url URL).
                        voicemock converse --help

Options for serve:
  --port <n>            Port to listen on; 0 picks a free one (default 4010)
  --host <addr>         Address to bind (default 127.0.0.1)
  --seed <n>            Seed for ids and generated data (default 1)
  --time-scale <x>      Mock seconds per real second, e.g. 10 (default 1); the mock's
                        timestamps then run ahead of real time (README: --time-scale)
  --virtual-clock       Time moves only by POST /__voicemock/clock/advance (deterministic CI over HTTP)
  --scenario <name>     Switch a scenario on for every request from the start
  --scenarios <dir>     Your scenario files whose faults can be named, besides the packaged
                        ones (default ./scenarios if present)
  --coverage-out <file> Write the contract coverage report there on exit (voicemock coverage reads it)
  --allow-host <name>   Also answer the control API for this Host name (repeatable; '*' for any)
  --allow-origin <url>  Let this browser origin drive the control API (repeatable)
  --allow-outbound <host>  Let webhooks call this link-local/metadata host (repeatable; '*' for any)
  --control-token <t>   Require this token on control requests (Authorization: Bearer <t>);
                        required when --host is not a loopback address. The inspector takes
                        it once as /__voicemock/?token=<t> (the start-up lines give that URL)
  --stream-defaults <d> Stream JSON fields the docs leave open, when an answer omits them:
                        bidirectional=true|false,keep_call_alive=true|false (default both false)
  --max-receivers <n>          Built-in receivers at once (default 100)
  --max-received-bytes <n>     Bytes kept by all receivers together (default 67108864)
  --max-records-per-org <n>    Apps, agents, webhooks, campaigns per organisation (default 10000)
  --max-held-deliveries <n>    Voxifi deliveries held by an endpoint's rate limit (default 1000)
  --max-answer-bytes <n>       Bytes read from an answer-webhook response (default 1000000)
  --max-stream-buffered-bytes <n>     Bytes buffered for one stream's socket; past it frames are dropped (default 1048576)
  --max-stream-message-bytes <n>      Largest message read from a stream; a bigger one closes it (default 8388608)
  --max-stream-messages-per-tick <n>  Messages handled per stream per 20 ms; the rest are dropped (default 200)
  --max-stream-queued-bytes <n>       Bytes of playAudio and checkpoints waiting to play, per stream (default 16777216)
  --max-live-calls <n>         SFVoPI calls in progress at once (default 1000)
  --max-campaign-bytes <n>     Memory for all campaigns' contacts, estimated (default 67108864)
  --max-orgs <n>               Organisations at once, the demo one included (default 100)
  --max-load-runs <n>          Load runs kept, finished ones included (default 20)
  --max-active-load-runs <n>   Load runs running at once (default 4)
  --max-connections <n>        Open connections at once (default 1000)

  -h, --help            Show this help
  -v, --version         Print the version
`;

// Errors in the command line: usage and exit code 2, like parseArgs' own.
const USAGE_CODES = new Set(['VOICEMOCK_USAGE', 'ERR_PARSE_ARGS_UNKNOWN_OPTION', 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL']);
const usageError = (message: string) => Object.assign(new Error(message), { code: 'VOICEMOCK_USAGE' });

type Command = (args: string[]) => Promise<void>;

function numberOption(name: string, raw: string | undefined, fallback: number, valid: (n: number) => boolean): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !valid(n)) throw usageError(`--${name} must be ${name === 'time-scale' ? 'a positive number' : name.startsWith('max-') ? 'a positive whole number' : 'a whole number'}, got "${raw}"`);
  return n;
}

async function serveCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      'time-scale': { type: 'string' },
      scenario: { type: 'string' },
      scenarios: { type: 'string' },
      'coverage-out': { type: 'string' },
      'virtual-clock': { type: 'boolean' },
      'allow-host': { type: 'string', multiple: true },
      'allow-origin': { type: 'string', multiple: true },
      'allow-outbound': { type: 'string', multiple: true },
      'control-token': { type: 'string' },
      'stream-defaults': { type: 'string' },
      'max-receivers': { type: 'string' },
      'max-received-bytes': { type: 'string' },
      'max-records-per-org': { type: 'string' },
      'max-held-deliveries': { type: 'string' },
      'max-answer-bytes': { type: 'string' },
      'max-stream-buffered-bytes': { type: 'string' },
      'max-stream-message-bytes': { type: 'string' },
      'max-stream-messages-per-tick': { type: 'string' },
      'max-stream-queued-bytes': { type: 'string' },
      'max-live-calls': { type: 'string' },
      'max-campaign-bytes': { type: 'string' },
      'max-orgs': { type: 'string' },
      'max-load-runs': { type: 'string' },
      'max-active-load-runs': { type: 'string' },
      'max-connections': { type: 'string' },
    },
  });
  const count = (name: keyof typeof values) => {
    const raw = values[name] as string | undefined;
    return raw === undefined ? undefined : numberOption(name, raw, 0, (n) => Number.isSafeInteger(n) && n > 0);
  };
  const options = {
    port: numberOption('port', values.port, 4010, (n) => Number.isInteger(n) && n >= 0 && n <= 65535),
    host: values.host ?? '127.0.0.1',
    seed: values.seed === undefined ? undefined : numberOption('seed', values.seed, 1, Number.isSafeInteger),
    timeScale: numberOption('time-scale', values['time-scale'], 1, (n) => Number.isFinite(n) && n > 0),
    scenario: values.scenario,
    scenariosDir: values.scenarios,
    virtualClock: values['virtual-clock'] ?? false,
    allowHosts: values['allow-host'] ?? [],
    allowOrigins: values['allow-origin'] ?? [],
    allowOutbound: values['allow-outbound'] ?? [],
    controlToken: values['control-token'],
    limits: {
      maxReceivers: count('max-receivers'),
      maxReceivedBytes: count('max-received-bytes'),
      maxRecordsPerOrg: count('max-records-per-org'),
      maxHeldDeliveries: count('max-held-deliveries'),
      maxAnswerBodyBytes: count('max-answer-bytes'),
      maxStreamBufferedBytes: count('max-stream-buffered-bytes'),
      maxStreamMessageBytes: count('max-stream-message-bytes'),
      maxStreamMessagesPerTick: count('max-stream-messages-per-tick'),
      maxStreamQueuedBytes: count('max-stream-queued-bytes'),
      maxLiveCalls: count('max-live-calls'),
      maxCampaignBytes: count('max-campaign-bytes'),
      maxOrgs: count('max-orgs'),
      maxLoadRuns: count('max-load-runs'),
      maxActiveLoadRuns: count('max-active-load-runs'),
    },
    maxConnections: count('max-connections'),
  };
  module.enableCompileCache?.();
  const { serve, startupLines, stopServing, parseStreamDefaults } = await import('./cli/serve.ts');
  const streamDefaults = values['stream-defaults'] === undefined ? undefined : parseStreamDefaults(values['stream-defaults']);
  const serving = await serve({ ...options, streamDefaults });
  // performance.now() counts from process start, so this includes Node's own boot.
  process.stdout.write(startupLines(serving, performance.now(), options).join('\n') + '\n');

  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1); // a second signal: stop waiting
    stopping = true;
    const coverageOut = values['coverage-out'];
    const written = coverageOut ? import('./cli/coverage.ts').then((c) => c.writeCoverage(serving.mock, coverageOut)) : Promise.resolve();
    Promise.all([written, stopServing(serving)]).then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function replay(args: string[]): Promise<void> {
  module.enableCompileCache?.();
  const { replayCommand } = await import('./cli/replay.ts');
  process.exitCode = await replayCommand(args);
}

async function record(args: string[]): Promise<void> {
  const { recordCommand } = await import('./cli/record.ts');
  const code = await recordCommand(args);
  if (code !== undefined) process.exitCode = code;
}

async function init(args: string[]): Promise<void> {
  const { initCommand } = await import('./cli/init.ts');
  await initCommand(args);
}

async function load(args: string[]): Promise<void> {
  module.enableCompileCache?.();
  const { loadCommand } = await import('./cli/load.ts');
  process.exitCode = await loadCommand(args);
}

async function coverage(args: string[]): Promise<void> {
  const { coverageCommand } = await import('./cli/coverage.ts');
  process.exitCode = await coverageCommand(args);
}

async function scenarios(args: string[]): Promise<void> {
  const { scenariosCommand } = await import('./cli/scenarios.ts');
  process.exitCode = await scenariosCommand(args);
}

async function converse(args: string[]): Promise<void> {
  module.enableCompileCache?.();
  const { converseCommand } = await import('./cli/converse.ts');
  process.exitCode = await converseCommand(args);
}

const COMMANDS: Record<string, Command> = {
  coverage,
  scenarios,
  serve: serveCommand,
  replay,
  record,
  init,
  load,
  converse,
};

async function main(argv: string[]): Promise<number | undefined> {
  const [name, ...rest] = argv;
  if (name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (name === '-v' || name === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = name === undefined ? undefined : Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write((name === undefined ? 'No command given.\n\n' : `Unknown command "${name}".\n\n`) + USAGE);
    return 2;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    if (name === 'load') process.stdout.write(`${(await import('./cli/load.ts')).LOAD_USAGE}\n`);
    else if (name === 'coverage') process.stdout.write(`${(await import('./cli/coverage.ts')).COVERAGE_USAGE}\n`);
    else if (name === 'scenarios') process.stdout.write(`${(await import('./cli/scenarios.ts')).SCENARIOS_USAGE}\n`);
    else if (name === 'converse') process.stdout.write(`${(await import('./cli/converse.ts')).CONVERSE_USAGE}\n`);
    else process.stdout.write(USAGE);
    return 0;
  }
  try {
    await command(rest);
    return undefined; // keeps running (serve) until a signal
  } catch (error) {
    if (USAGE_CODES.has((error as { code?: string }).code ?? '')) {
      process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    const code = (error as { code?: string }).code;
    // What the user can fix gets one line; anything else keeps its stack for a bug report.
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      const { address, port } = error as { address?: string; port?: number };
      const what = code === 'EADDRINUSE' ? 'is already in use' : code === 'EACCES' ? 'needs privileges this process lacks' : 'is not an address of this machine';
      process.stderr.write(`voicemock: ${address ?? ''}:${port ?? ''} ${what} (${code}); pick another with --port (0 picks a free one)\n`);
      return 1;
    }
    process.stderr.write(`voicemock: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
