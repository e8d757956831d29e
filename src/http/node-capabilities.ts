// What a mock can do on Node that the browser-safe core cannot reach by itself: file access
// (WAV files by path, recordings written to disk) and the metrics library. The Node entries
// (voicemock/server, the CLI) pass these to createVoicemock, as `fetch` is passed elsewhere:
//   createVoicemock({ ...nodeCapabilities, config: { recording: { dir: 'recordings' } } })
import { open, readFile } from 'node:fs/promises';
import type { FileAccess } from '../core/files.ts';

export const nodeFiles: FileAccess = {
  readFile: (path) => readFile(path),
  create: (path) => open(path, 'w'),
};

export const nodeCapabilities = {
  files: nodeFiles,
  metricsLibrary: () => import('prom-client'),
};
