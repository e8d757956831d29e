// `voicemock converse` against the example agent running in another process: the reply the
// agent sends a known delay after the caller stops is reported as that delay (within 10 %:
// a real clock, two processes and a loopback socket; the delay is generous so the tolerance
// holds on a loaded machine). The example scripts pass, and JUnit has one case per script.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const NODE = new URL('../../node_modules/.bin/node', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;
const REPLY_DELAY_MS = 800;

let agent: ChildProcess;
let answerUrl: string;

beforeAll(async () => {
  agent = spawn(NODE, ['examples/agent/agent.js'], { cwd: ROOT, env: { ...process.env, PORT: '0', REPLY_DELAY_MS: String(REPLY_DELAY_MS) } });
  answerUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    agent.stdout!.on('data', (d) => {
      out += String(d);
      const m = /(http:\/\/127\.0\.0\.1:\d+\/answer)/.exec(out);
      if (m) resolve(m[1]!);
    });
    agent.once('exit', (code) => reject(new Error(`the example agent exited (${code})`)));
  });
});

afterAll(() => {
  agent?.kill();
});

function converse(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(NODE, ['src/cli.ts', 'converse', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += String(d); });
    child.stderr.on('data', (d) => { stderr += String(d); });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('voicemock converse against an agent in another process', () => {
  it('reports the delay the agent replies after the caller stops, within 10 %', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'converse-'));
    writeFileSync(join(dir, 'delay.yaml'), [
      'name: replies after a known delay',
      'steps:',
      '  - expect: { agent_speaks_within_ms: 2000 }',
      '  - silence: 2500',
      '  - say: { tone_ms: 600 }',
      `  - expect: { agent_speaks_within_ms: ${REPLY_DELAY_MS * 3} }`,
      '  - hangup: true',
      '  - expect: { no_protocol_violations: true }',
    ].join('\n'));
    const { code, stdout, stderr } = await converse([join(dir, 'delay.yaml'), '--answer-url', answerUrl, '--json', join(dir, 'r.json')]);
    expect(stderr).toContain('pass replies after a known delay');
    expect(code).toBe(0);
    expect(stdout).toMatch(/replies after a known delay\s+PASS/);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    const [turn] = report.conversations[0].turns;
    expect(turn.response_ms).toBeGreaterThanOrEqual(REPLY_DELAY_MS * 0.9);
    expect(turn.response_ms).toBeLessThanOrEqual(REPLY_DELAY_MS * 1.1);
  });

  it('the README example: both example scripts pass, one JUnit case per script', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'converse-'));
    const { code, stdout } = await converse(['examples/agent', '--answer-url', answerUrl, '--concurrency', '2', '--junit', join(dir, 'r.xml')]);
    expect(stdout).toMatch(/greets, answers and says goodbye\s+PASS/);
    expect(stdout).toMatch(/stops when the caller barges in\s+PASS/);
    expect(code).toBe(0);
    const junit = readFileSync(join(dir, 'r.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(2);
    expect(junit).not.toContain('<failure');
  });

  it('a script that does not match the schema exits 2 with its message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'converse-'));
    writeFileSync(join(dir, 'bad.yaml'), 'name: bad\nsteps:\n  - sya: { tone_ms: 10 }\n');
    const { code, stderr } = await converse([join(dir, 'bad.yaml'), '--answer-url', answerUrl]);
    expect(code).toBe(2);
    expect(stderr).toContain('steps.0: unknown name "sya"');
  });

  it('a limit flag holds the run to it: --max-steps 1 refuses a two-step script; a misspelt limit exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'converse-'));
    writeFileSync(join(dir, 'two.yaml'), 'name: two\nsteps:\n  - silence: 100\n  - hangup: true\n');
    const { code, stderr } = await converse([join(dir, 'two.yaml'), '--answer-url', answerUrl, '--max-steps', '1']);
    expect(code).toBe(2);
    expect(stderr).toContain('2 steps, more than the limit of 1');
    const typo = await converse([join(dir, 'two.yaml'), '--answer-url', answerUrl, '--max-stepz', '1']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--max-stepz');
    const help = await converse(['--help']);
    for (const flag of ['--max-script-bytes', '--max-steps', '--max-scripts', '--max-calls', '--max-concurrency', '--max-timeline', '--max-violations', '--max-say-ms', '--max-report-conversations']) {
      expect(help.stdout).toContain(flag);
    }
  });

  it('--help prints its usage; an unknown option exits 2, naming it', async () => {
    const help = await converse(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: voicemock converse <file|dir> --answer-url URL');
    const typo = await converse(['examples/agent', '--answer-ulr', answerUrl]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("--answer-ulr");
  });
});
