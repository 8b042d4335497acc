import { ContainerModule } from 'inversify';
import { PORTS, type Token } from './container';
import { FEATURES } from './features';
import { JobRunner, type JobRunnerOptions } from './jobs/job-runner';
import { systemClock, type Clock } from './ports/clock';
import { randomIds, type Ids } from './ports/ids';
import type { Queue } from './ports/queue';
import { envSecrets, type Secrets } from './ports/secrets';
import { SERVICES } from './services/tokens';

/** Overrides of core's default Clock, Ids and Secrets (tests move the clock; apps read secrets from their cloud). */
export interface CoreOptions {
  clock?: Clock;
  ids?: Ids;
  secrets?: Secrets;
  /** Options of the job runner (a soak shortens the retry backoff, say). */
  jobs?: JobRunnerOptions;
}

/** Binds Clock, Ids, Secrets, the job runner and every feature's services. Load it after an adapter module. */
export function coreModule(options: CoreOptions = {}): ContainerModule {
  return new ContainerModule((load) => {
    load.bind(PORTS.Clock).toConstantValue(options.clock ?? systemClock);
    load.bind(PORTS.Ids).toConstantValue(options.ids ?? randomIds);
    load.bind(PORTS.Secrets).toConstantValue(options.secrets ?? envSecrets());
    load.bind(SERVICES.Jobs).toDynamicValue((context) => {
      const runner = new JobRunner(context.get<Queue>(PORTS.Queue), options.jobs);
      for (const feature of FEATURES) feature.jobs?.(runner, <T>(id: Token<T>) => context.get<T>(id));
      return runner;
    });
    for (const feature of FEATURES) feature.bind(load);
  });
}
