// A longer fuzz run than the one in `npm test`: `node bench/fuzz.ts [seeds] [perOperation]`
// runs seeds 1..N (default 5) with 200 requests per operation each and prints what broke.
import { fuzz } from '../test/fuzz/run.ts';

const seeds = Number(process.argv[2] ?? 5);
const perOperation = Number(process.argv[3] ?? 200);
let failed = 0;
for (let seed = 1; seed <= seeds; seed++) {
  const report = await fuzz({ seed, perOperation });
  console.log(`seed ${seed}: ${report.requests} requests in ${Math.round(report.ms)} ms, ${JSON.stringify(report.statuses)}, ${report.problems.length} problems`);
  for (const p of report.problems.slice(0, 20)) console.log(`  ${p}`);
  if (report.problems.length) failed++;
}
process.exitCode = failed ? 1 : 0;
