// Text the caller says, spoken offline by espeak-ng (the Debian/Ubuntu package `espeak-ng`, or
// Homebrew's): small, maintained, no network, deterministic output for the same text and
// version. It runs as a separate process, so its licence (GPL-3) does not touch the package.
// Where it is not installed, text is refused with a message saying how to get it.

export class TtsUnavailable extends Error {}

const ESPEAK_MISSING = 'text needs espeak-ng, an offline speech synthesiser: install it (apt-get install espeak-ng, brew install espeak-ng) or say a WAV file, an utterance or a tone instead';

/** The WAV espeak-ng writes for `text`; throws TtsUnavailable when it cannot run. */
export async function speakText(text: string, command = 'espeak-ng'): Promise<Uint8Array> {
  // Node only; kept out of the static import graph so the library stays browser-safe.
  const specifier = 'node:child_process';
  let cp: typeof import('node:child_process');
  try {
    cp = (await import(/* @vite-ignore */ specifier)) as typeof import('node:child_process');
  } catch {
    throw new TtsUnavailable(ESPEAK_MISSING);
  }
  return new Promise((resolve, reject) => {
    // `--` keeps text starting with a dash from being read as an option.
    cp.execFile(command, ['-v', 'en-us', '-s', '165', '--stdout', '--', text], { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024, timeout: 30_000 }, (error, stdout) => {
      if (error) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        reject(new TtsUnavailable(missing ? ESPEAK_MISSING : `espeak-ng failed: ${error.message}`));
        return;
      }
      resolve(new Uint8Array(stdout));
    });
  });
}
