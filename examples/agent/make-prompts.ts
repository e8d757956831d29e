// The example agent's three prompts, made once with espeak-ng (8 kHz 16-bit WAV, leading
// silence trimmed):
// node examples/agent/make-prompts.ts
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseWav, writeWav } from '../../src/audio/wav.ts';
import { resample } from '../../src/audio/resample.ts';

const PROMPTS = { greeting: 'Hi, how can I help?', answer: 'Sure, let me check.', goodbye: 'Thanks for calling, goodbye.' };
for (const [name, text] of Object.entries(PROMPTS)) {
  const wav = parseWav(new Uint8Array(execFileSync('espeak-ng', ['-v', 'en-us', '-s', '175', '--stdout', '--', text])));
  const samples = resample(wav.samples, wav.sampleRate, 8000);
  // No leading silence: the agent's reply starts speaking with its first frame.
  const first = Math.max(0, samples.findIndex((s) => Math.abs(s) > 1000));
  writeFileSync(new URL(`./prompts/${name}.wav`, import.meta.url), writeWav({ sampleRate: 8000, samples: samples.subarray(first) }));
}
