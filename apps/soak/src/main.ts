/**
 * `npm run soak -- --adapter memory|postgres|pglite|aws|gcp|azure --ops 10000 --seed 7 --fault-rate 0.05 --concurrency 16`:
 * starts the adapter's emulators, runs the chaos soak of `@kumo/conformance/soak` on them, prints
 * the faults injected by kind and every invariant, and exits 1 on any violation (2 on bad usage).
 */
import { formatReport, runSoak } from '@kumo/conformance/soak';
import { ADAPTERS } from './adapters/index';
import { parseOptions, USAGE, UsageError } from './options';
import { progressDisplay } from './progress';
import { SOAK_QUEUE } from './queue-settings';

async function main(): Promise<number> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) throw error;
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  console.error(`soak: starting ${options.adapter} (seed ${options.seed})`);
  const start = await ADAPTERS[options.adapter]!();
  const started = await start(SOAK_QUEUE);
  const progress = progressDisplay();
  try {
    const report = await runSoak(started.adapter, { ...options, onProgress: (done, total, phase) => progress.update(done, total, phase) });
    progress.stop();
    for (const line of formatReport(report)) console.log(line);
    return report.violations === 0 ? 0 : 1;
  } finally {
    progress.stop();
    await started.stop();
  }
}

process.exitCode = await main();
