import fc from 'fast-check';
import { requests } from './arbitraries';
import { histogram, startFuzzer, type FuzzReport } from './harness';

/** Options of a fuzz run. */
export interface FuzzOptions {
  runs: number;
  seed: number;
  /** A request slower than this counts as a hang (default `HANG_MS`, one second). */
  hangMs?: number;
}

/**
 * Sends `runs` generated requests (fast-check, fixed `seed`) to a fresh local backend and checks
 * each against the properties: never a 5xx, never over a second, never a 2xx on a secured
 * operation without its credentials (nor on another player's resource), no state change on a
 * 4xx, no credential in the access log. Throws fast-check's report (with the shrunk request) on
 * the first failure.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const fuzzer = await startFuzzer(options.hangMs);
  try {
    await fc.assert(
      fc.asyncProperty(requests(fuzzer.operations, fuzzer.known), (request) => fuzzer.check(request)),
      { numRuns: options.runs, seed: options.seed, endOnFailure: true },
    );
    return fuzzer.report;
  } finally {
    await fuzzer.stop();
  }
}

export { histogram };
