// `voicemock serve`: a mock on the real clock behind the HTTP adapter, and the one line a
// newcomer needs to start curling it.
import { createRealClock, createVoicemock, VERSION, type Voicemock } from '../index.ts';
import { startServer, type RunningServer } from './node-server.ts';

export interface ServeOptions {
  host: string;
  port: number;
  seed?: number;
  /** Real seconds per mock second divided out: 10 makes a 60 s call last 6 s. */
  timeScale: number;
}

export interface Serving {
  mock: Voicemock;
  server: RunningServer;
}

export async function serve(options: ServeOptions): Promise<Serving> {
  const mock = await createVoicemock({ seed: options.seed, clock: createRealClock(options.timeScale) });
  const server = await startServer({ mock, host: options.host, port: options.port });
  return { mock, server };
}

/** One line: where it listens, how long start took, and the demo organisation's credentials. */
export function startupLine({ mock, server }: Serving, startedInMs: number): string {
  const head = `voicemock ${VERSION} listening on ${server.url} (started in ${Math.round(startedInMs)} ms)`;
  const demo = mock.demo;
  if (!demo) return head;
  const sfv = `SFVoPI X-API-Key: ${demo.sfvopi.api_key} numbers ${demo.sfvopi.numbers.join(' ')}`;
  const owner = demo.voxifi.api_keys.Owner;
  const vxNumbers = demo.voxifi.numbers.map((n) => n.number).join(' ');
  const vx = owner ? ` | Voxifi Authorization: Bearer ${owner} (Owner) numbers ${vxNumbers}` : '';
  return `${head} | demo org ${demo.org_id}: ${sfv}${vx}`;
}
