// Replay reports: a pass/fail table for people, JUnit XML for CI.
import type { ScenarioResult } from './replay.ts';

export function table(results: ScenarioResult[]): string {
  const nameWidth = Math.max(8, ...results.map((r) => r.name.length));
  const lines = [`${'scenario'.padEnd(nameWidth)}  result  ms     first difference`];
  for (const r of results) {
    lines.push(`${r.name.padEnd(nameWidth)}  ${(r.passed ? 'pass' : 'FAIL').padEnd(6)}  ${String(r.durationMs).padEnd(5)}  ${r.firstDifference ?? ''}`);
  }
  const failed = results.filter((r) => !r.passed).length;
  lines.push('', `${results.length - failed} passed, ${failed} failed`);
  return lines.join('\n');
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function junit(results: ScenarioResult[], suiteName = 'voicemock replay'): string {
  const failures = results.filter((r) => !r.passed).length;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = results.reduce((sum, r) => sum + r.durationMs, 0);
  const cases = results.map((r) => {
    const open = `  <testcase classname="${escapeXml(r.file ?? 'scenarios')}" name="${escapeXml(r.name)}" time="${seconds(r.durationMs)}"`;
    return r.passed ? `${open}/>` : `${open}>\n    <failure message="${escapeXml(r.firstDifference ?? 'failed')}"/>\n  </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="${escapeXml(suiteName)}" tests="${results.length}" failures="${failures}" errors="0" time="${seconds(total)}">`,
    ...cases,
    '</testsuite>',
    '',
  ].join('\n');
}
