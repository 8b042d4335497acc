import { ContainerModule } from 'inversify';
import { PORTS, type Token } from './container';
import { FEATURES } from './features';
import { RouteStats } from './http/route-stats';
import { JobRunner, type JobRunnerOptions } from './jobs/job-runner';
import { systemClock, type Clock } from './ports/clock';
import { randomIds, type Ids } from './ports/ids';
import type { Queue } from './ports/queue';
import type { Store } from './ports/store';
import { envSecrets, type Secrets } from './ports/secrets';
import { SERVICES } from './services/tokens';
import { HotKeyTracker, trackHotKeys } from './store/hot-keys';

/** Keys the production hot-key tracker counts at once: any document taking more than 1/200 of the accesses is reported. */
export const HOT_KEY_CAPACITY = 200;

/** Overrides of core's default Clock, Ids and Secrets (tests move the clock; apps read secrets from their cloud). */
export interface CoreOptions {
  clock?: Clock;
  ids?: Ids;
  secrets?: Secrets;
  /** Options of the job runner (a soak shortens the retry backoff, say). */
  jobs?: JobRunnerOptions;
}

/**
 * Binds Clock, Ids, Secrets, the job runner, every feature's services, the per-route stats and the
 * hot-key tracker, which sees every document access of the store the container hands out. Load it
 * after an adapter module.
 */
export function coreModule(options: CoreOptions = {}): ContainerModule {
  return new ContainerModule((load) => {
    load.bind(PORTS.Clock).toConstantValue(options.clock ?? systemClock);
    load.bind(PORTS.Ids).toConstantValue(options.ids ?? randomIds);
    load.bind(PORTS.Secrets).toConstantValue(options.secrets ?? envSecrets());
    load.bind(SERVICES.HotKeys).toConstantValue(new HotKeyTracker(HOT_KEY_CAPACITY));
    load.bind(SERVICES.RouteStats).toConstantValue(new RouteStats());
    load.onActivation<Store>(PORTS.Store, (context, store) => trackHotKeys(store, context.get(SERVICES.HotKeys)));
    load.bind(SERVICES.Jobs).toDynamicValue((context) => {
      const runner = new JobRunner(context.get<Queue>(PORTS.Queue), options.jobs);
      for (const feature of FEATURES) feature.jobs?.(runner, <T>(id: Token<T>) => context.get<T>(id));
      return runner;
    });
    for (const feature of FEATURES) feature.bind(load);
  });
}
