import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { ContainerModule, type Container } from 'inversify';
import { coreModule, createContainer, PORTS, type Secrets } from '@kumo/core';
import { SCENARIOS } from './services/index';
import { OffsetClock, RecordingMobilePush } from './services/context';

/** The adapter set under test, as its ContainerModule; `close` (if returned) runs after the suite. */
export type AdapterModuleFactory = () => Promise<ContainerModule | { module: ContainerModule; close(): Promise<void> }>;

/** Fixed secrets for the suite (never used outside tests). */
const testSecrets: Secrets = { get: (name) => `test-${name}-0123456789abcdef` };

/** Options of `describeServices`. */
export interface ServicesSuiteOptions {
  /**
   * Scenarios this backend is known to fail, by test name, each with the reason: they are skipped
   * with that reason printed, never silently, and each one is an open defect or a stated emulator gap.
   */
  knownGaps?: Record<string, string>;
}

/**
 * Service-level scenarios on a whole adapter set (store + queue + push), through core's services
 * and its HTTP app: accounts, the wallet invariant under concurrency, the offline push fallback,
 * and every other service listed in `services/index.ts`.
 */
export function describeServices(name: string, factory: AdapterModuleFactory, options: ServicesSuiteOptions = {}): void {
  describe(`Service conformance: ${name}`, () => {
    beforeEach((test) => {
      const gap = options.knownGaps?.[test.task.name];
      if (gap) test.skip(`known gap of ${name}: ${gap}`);
    });
    let container: Container | undefined;
    let second: Container | undefined;
    let instance: (() => Container) | undefined;
    let close: (() => Promise<void>) | undefined;
    const mobile = new RecordingMobilePush();
    const clock = new OffsetClock();

    beforeAll(async () => {
      const made = await factory();
      const module = 'module' in made ? made.module : made;
      close = 'module' in made ? made.close : undefined;
      const recording = new ContainerModule(({ rebindSync }) => {
        rebindSync(PORTS.MobilePush).toConstantValue(mobile);
      });
      container = createContainer(module, coreModule({ secrets: testSecrets, clock }), recording);
      instance = () => (second ??= createContainer(module, coreModule({ secrets: testSecrets, clock }), recording));
    }, 60_000);
    afterAll(async () => close?.());

    const context = {
      container: () => {
        if (!container) throw new Error('the suite has not started');
        return container;
      },
      instance: () => {
        if (!instance) throw new Error('the suite has not started');
        return instance();
      },
      mobile,
      clock,
    };
    for (const [service, scenarios] of Object.entries(SCENARIOS)) describe(service, () => scenarios(context));
  });
}
