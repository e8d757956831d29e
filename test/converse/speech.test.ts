import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { callerSpeech } from '../../src/converse/caller-speech.ts';
import { DEFAULT_CONVERSE_LIMITS } from '../../src/converse/script.ts';
import { speakText } from '../../src/converse/tts.ts';
import { nodeFiles } from '../../src/http/node-capabilities.ts';

const hasEspeak = (() => {
  try {
    execFileSync('espeak-ng', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

describe('what the caller says', () => {
  it('the shipped utterances load, with their speech ending before their audio', async () => {
    for (const name of ['hello', 'question', 'thanks', 'goodbye']) {
      const speech = await callerSpeech({ utterance: name }, DEFAULT_CONVERSE_LIMITS, { files: nodeFiles });
      expect(speech.speechFrames).toBeGreaterThan(10);
      expect(speech.speechFrames).toBeLessThanOrEqual(speech.frames);
    }
  });

  it('an unknown utterance names the ones there are', async () => {
    await expect(callerSpeech({ utterance: 'helo' }, DEFAULT_CONVERSE_LIMITS)).rejects.toThrow('no utterance "helo" (voicemock ships hello, question, thanks, goodbye)');
  });

  it('a tone is exactly its length', async () => {
    expect(await callerSpeech({ tone_ms: 700 }, DEFAULT_CONVERSE_LIMITS)).toMatchObject({ frames: 35, speechFrames: 35 });
  });

  it('text without espeak-ng is refused, saying how to get it', async () => {
    await expect(callerSpeech({ text: 'hello' }, DEFAULT_CONVERSE_LIMITS, { tts: (t) => speakText(t, 'no-such-espeak-ng') }))
      .rejects.toThrow(/^text needs espeak-ng, an offline speech synthesiser: install it \(apt-get install espeak-ng/);
  });

  it.skipIf(!hasEspeak)('text is spoken by espeak-ng', async () => {
    const speech = await callerSpeech({ text: 'When will it arrive?' }, DEFAULT_CONVERSE_LIMITS);
    expect(speech.speechFrames).toBeGreaterThan(20);
  });
});
