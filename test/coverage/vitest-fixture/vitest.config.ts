// The fixture suite of test/coverage/vitest.test.ts: the one line that turns coverage on.
import { defineConfig } from 'vitest/config';
import { voicemockCoverage } from '../../../src/testing/vitest.ts';

const env = process.env;
export default defineConfig({
  plugins: [voicemockCoverage({
    out: env.VM_OUT,
    summary: 'totals',
    minOutcomes: env.VM_MIN ? Number(env.VM_MIN) : undefined,
    require: env.VM_REQUIRE ? env.VM_REQUIRE.split(',') : undefined,
  })],
  test: { include: ['*.spec.ts'] },
});
