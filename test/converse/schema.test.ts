import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCRIPT_SCHEMA } from '../../src/converse/script-schema.ts';
import { parseScript } from '../../src/converse/script.ts';

describe('conversation.schema.json', () => {
  it('is the schema the runner checks scripts with (node scripts/write-conversation-schema.ts when stale)', () => {
    const shipped = JSON.parse(readFileSync(new URL('../../conversation.schema.json', import.meta.url), 'utf8'));
    expect(shipped).toEqual(JSON.parse(JSON.stringify(SCRIPT_SCHEMA)));
  });

  it('the example scripts match it', () => {
    for (const name of ['greets-and-answers', 'barge-in']) {
      const script = parseScript(readFileSync(new URL(`../../examples/agent/${name}.yaml`, import.meta.url), 'utf8'), name);
      expect(script.steps.length).toBeGreaterThan(3);
    }
  });

  it('JSON scripts read too', () => {
    expect(parseScript('{"name":"j","steps":[{"hangup":true}]}').steps).toEqual([{ hangup: true }]);
  });

  it('a misspelt step or expectation name fails loudly, naming it', () => {
    expect(() => parseScript('name: x\nsteps:\n  - sya: { tone_ms: 10 }\n')).toThrow('steps.0: unknown name "sya"');
    expect(() => parseScript('name: x\nsteps:\n  - expect: { agent_speaks_whithin_ms: 10 }\n')).toThrow('steps.0.expect: unknown name "agent_speaks_whithin_ms"');
    expect(() => parseScript('name: x\nstepz: []\n')).toThrow('unknown name "stepz"');
  });

  it('agent_stops_within_ms without a barge_in before it is refused', () => {
    expect(() => parseScript('name: x\nsteps:\n  - expect: { agent_stops_within_ms: 10 }\n')).toThrow('step 1: agent_stops_within_ms needs a barge_in step before it');
  });
});
