// Every scenario file replays green against the in-process mock, twice with one seed giving
// identical results; a bad file is rejected with its file, line and field.
import { describe, expect, it } from 'vitest';
import { createVoicemock } from '../../src/index.ts';
import { loadScenarios, parseScenarioFile } from '../../src/scenarios/files.ts';
import { replayAll, replayScenario } from '../../src/scenarios/replay.ts';
import { inProcessTransport } from '../../src/scenarios/transport.ts';

const scenarios = await loadScenarios('scenarios');

describe('scenario files', () => {
  it('load and have unique names', () => {
    expect(scenarios.length).toBeGreaterThan(20);
  });

  it.each(scenarios.map((s) => [s.name, s] as const))('%s replays green in-process', async (_name, scenario) => {
    const mock = await createVoicemock({ scenarios });
    const result = await replayScenario(inProcessTransport(mock), scenario);
    expect(result.firstDifference).toBeNull();
    expect(result.passed).toBe(true);
  });

  it('give identical results when run twice with one seed', async () => {
    const strip = (rs: Awaited<ReturnType<typeof replayAll>>) => rs.map(({ durationMs: _d, ...r }) => r);
    const first = await replayAll(inProcessTransport(await createVoicemock({ scenarios })), scenarios, { seed: 7 });
    const second = await replayAll(inProcessTransport(await createVoicemock({ scenarios })), scenarios, { seed: 7 });
    expect(strip(second)).toEqual(strip(first));
  });

  it('report the first difference when a step does not hold', async () => {
    const mock = await createVoicemock();
    const result = await replayScenario(inProcessTransport(mock), {
      name: 'wrong',
      description: 'expects the wrong status',
      steps: [{ request: { method: 'GET', path: '/superfone/sfvopi/apps' }, expect: { status: 200 } }],
    });
    expect(result.passed).toBe(false);
    expect(result.firstDifference).toMatch(/^step 1: status: expected 200, got 401/);
  });
});

describe('a bad scenario file', () => {
  it('names the file, line and field', async () => {
    const text = ['scenarios:', '  - name: broken', '    description: x', '    steps:', '      - request: { method: FETCH, path: /x }', '        expect: { status: 200 }', ''].join('\n');
    await expect(parseScenarioFile('bad.yaml', text)).rejects.toThrow(/^bad\.yaml:5: scenarios\.0\.steps\.0\.request\.method: /);
  });

  it('names an unknown field', async () => {
    const text = ['scenarios:', '  - name: broken', '    description: x', '    colour: blue', '    steps: [{ advance_ms: 1 }]', ''].join('\n');
    await expect(parseScenarioFile('bad.yaml', text)).rejects.toThrow(/bad\.yaml:2: scenarios\.0: .*\(colour\)/);
  });

  it('reports YAML syntax errors with their line', async () => {
    await expect(parseScenarioFile('bad.yaml', 'scenarios:\n  - name: [unclosed\n')).rejects.toThrow(/^bad\.yaml:\d+: \(yaml\)/);
  });
});
