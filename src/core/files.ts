// File access, for what reads or writes the disk (WAV files by path, recordings written as they
// play). Injected like fetch, so the handlers stay browser-safe: Node's comes from the Node
// entries (nodeCapabilities in voicemock/server, the CLI); where there is none, these features
// say so.

export interface WritableFile {
  write(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<unknown>;
  close(): Promise<void>;
}

export interface FileAccess {
  readFile(path: string): Promise<Uint8Array>;
  /** Creates or truncates the file, for writing. */
  create(path: string): Promise<WritableFile>;
}

/** What a feature that needs file access says where the mock has none. */
export const NO_FILE_ACCESS = 'this mock has no file access (pass `files` to createVoicemock; voicemock/server exports nodeCapabilities)';
