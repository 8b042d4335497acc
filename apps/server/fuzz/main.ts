/**
 * `npm run fuzz -- --runs N --seed S [--hang-ms MS]`: a long HTTP fuzz run against a fresh local
 * backend; prints the status histogram, and exits 1 with the shrunk failing request if a property
 * breaks. `--hang-ms` (default 1000) loosens the hang bound on a machine busy with other work,
 * where a deliberate password hash alone can take longer.
 */
import { parseArgs } from 'node:util';
import { histogram, runFuzz } from './run-fuzz';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20000' }, seed: { type: 'string', default: '42' }, 'hang-ms': { type: 'string', default: '1000' } } });
const [runs, seed, hangMs] = [Number(values.runs), Number(values.seed), Number(values['hang-ms'])];
const started = performance.now();
try {
  const report = await runFuzz({ runs, seed, hangMs });
  console.log(`${report.requests} requests, seed ${seed}, ${((performance.now() - started) / 1000).toFixed(1)} s, slowest ${Math.round(report.slowestMs)} ms (${report.slowest})`);
  console.log(histogram(report));
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? `${error.message}\n${error.cause instanceof Error ? error.cause.message : ''}` : error);
  process.exit(1);
}
