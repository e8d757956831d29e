// The README's "Install in your project" section as data: its shell commands and its code
// blocks that name a file on their first line (`// voice.test.ts`). The consumer test writes
// those files into a fresh project and runs them, so the section stays true.
import { readFileSync } from 'node:fs';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

export function installSection(): string {
  const start = readme.indexOf('## Install in your project\n');
  if (start === -1) throw new Error('README has no "## Install in your project" section');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

export interface Snippet {
  lang: string;
  file: string | null;
  text: string;
}

export function snippets(section = installSection()): Snippet[] {
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, lang, text]) => ({
    lang: lang!,
    file: /^\/\/ ([\w.-]+\.(?:ts|mjs|js|cjs))\n/.exec(text!)?.[1] ?? null,
    text: text!,
  }));
}

/** The shell commands of the section, without their comments. */
export function commands(section = installSection()): string[] {
  return snippets(section)
    .filter((s) => s.lang === 'sh')
    .flatMap((s) => s.text.split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
}
