// Node entry for scenario files and replay (reads the disk; not for browsers).
import '../supported-node.ts'; // first: one clear line on an unsupported Node
export { loadScenarios, parseScenarioFile, ScenarioFileError } from './files.ts';
export { replayAll, replayScenario, type ScenarioResult } from './replay.ts';
export { httpTransport, inProcessTransport, type Transport } from './transport.ts';
export type { ReplayScript, Fault, Step } from './types.ts';
/** The old name of ReplayScript. */
export type { ReplayScript as Scenario } from './types.ts';
export { nodeCapabilities } from '../http/node-capabilities.ts';
