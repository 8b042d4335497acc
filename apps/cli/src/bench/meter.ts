import { AsyncLocalStorage } from 'node:async_hooks';
import { ConsumptionTotals, type ConsumptionMeter, type ConsumptionPort, type ConsumptionUnit } from '@kumo/core';

/** What an action (or the job worker) was charged and how its store calls went. */
export interface Attributed {
  consumption: ConsumptionTotals;
  conflicts: number;
  throttles: number;
}

/** Name under which work outside any action (queued jobs run by the worker) is counted. */
export const JOBS = 'jobs';

/**
 * The run's meter: consumption and store outcomes summed overall and for the action whose call
 * made them (found through an `AsyncLocalStorage` the runner enters per action); work outside
 * any action counts under `JOBS`.
 */
export class BenchMeter implements ConsumptionMeter {
  total: Attributed = blank();
  readonly byAction = new Map<string, Attributed>();
  private readonly current = new AsyncLocalStorage<string>();

  /** Runs `work` with everything it consumes attributed to `action`. */
  within<T>(action: string, work: () => Promise<T>): Promise<T> {
    return this.current.run(action, work);
  }

  /** Forgets everything recorded so far (what setting up the world consumed). */
  reset(): void {
    this.total = blank();
    this.byAction.clear();
  }

  /** Records consumption overall and for the current action. */
  record(port: ConsumptionPort, unit: ConsumptionUnit, amount: number): void {
    this.total.consumption.record(port, unit, amount);
    this.attributed().consumption.record(port, unit, amount);
  }

  /** Counts a store call refused on a condition (a conflict `transact` retries) or throttled. */
  count(outcome: 'conflicts' | 'throttles'): void {
    this.total[outcome]++;
    this.attributed()[outcome]++;
  }

  private attributed(): Attributed {
    const name = this.current.getStore() ?? JOBS;
    let entry = this.byAction.get(name);
    if (!entry) this.byAction.set(name, (entry = blank()));
    return entry;
  }
}

function blank(): Attributed {
  return { consumption: new ConsumptionTotals(), conflicts: 0, throttles: 0 };
}
