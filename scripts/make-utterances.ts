// Makes the utterances voicemock ships (utterances/*.wav) with espeak-ng, once: 8 kHz 16-bit
// mono, a few KB each. Run by hand when the list changes: node scripts/make-utterances.ts
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseWav, writeWav } from '../src/audio/wav.ts';
import { resample } from '../src/audio/resample.ts';

const UTTERANCES: Record<string, string> = {
  hello: 'Hello, I would like to check my order.',
  question: 'When will it arrive?',
  thanks: 'Great, thank you.',
  goodbye: 'Goodbye.',
};

for (const [name, text] of Object.entries(UTTERANCES)) {
  const wav = parseWav(new Uint8Array(execFileSync('espeak-ng', ['-v', 'en-us', '-s', '165', '--stdout', '--', text])));
  const samples = resample(wav.samples, wav.sampleRate, 8000);
  writeFileSync(new URL(`../utterances/${name}.wav`, import.meta.url), writeWav({ sampleRate: 8000, samples }));
}
