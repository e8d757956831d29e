// The browser project's set-up: finds (or installs) Chromium once and tells the suites, which
// skip with one line when there is none (test/browser/chromium.ts says how it chooses).
import type { TestProject } from 'vitest/node';
import { chooseChromium, thisMachine, type ChromiumChoice } from './chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: ChromiumChoice;
  }
}

export default function setup(project: TestProject): void {
  const choice = chooseChromium(thisMachine());
  if (choice.skip) process.stderr.write(`voicemock: ${choice.skip}\n`);
  project.provide('chromium', choice);
}
