import { ContainerModule } from 'inversify';
import { PORTS } from './container';
import { JobRunner } from './jobs/job-runner';
import { systemClock, type Clock } from './ports/clock';
import { randomIds, type Ids } from './ports/ids';
import type { MobilePush, Push } from './ports/push';
import type { Queue } from './ports/queue';
import { envSecrets, type Secrets } from './ports/secrets';
import type { Store } from './ports/store';
import { MOBILE_PUSH_QUEUE, mobilePushJob, Notifier } from './push/notifier';
import { AccountService } from './services/account/account-service';
import { TokenService } from './services/account/tokens';
import { SERVICES } from './services/tokens';
import { WalletService } from './services/wallet/wallet-service';

/** Overrides of core's default Clock, Ids and Secrets (tests move the clock; apps read secrets from their cloud). */
export interface CoreOptions {
  clock?: Clock;
  ids?: Ids;
  secrets?: Secrets;
}

/** Binds Clock, Ids, Secrets and every core service. Load it after an adapter module. */
export function coreModule(options: CoreOptions = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(PORTS.Clock).toConstantValue(options.clock ?? systemClock);
    bind(PORTS.Ids).toConstantValue(options.ids ?? randomIds);
    bind(PORTS.Secrets).toConstantValue(options.secrets ?? envSecrets());
    bind(SERVICES.Tokens).toResolvedValue((secrets: Secrets, clock: Clock) => new TokenService(secrets, clock), [PORTS.Secrets, PORTS.Clock]);
    bind(SERVICES.Accounts).toResolvedValue(
      (store: Store, ids: Ids, clock: Clock, tokens: TokenService) => new AccountService(store, ids, clock, tokens),
      [PORTS.Store, PORTS.Ids, PORTS.Clock, SERVICES.Tokens],
    );
    bind(SERVICES.Wallet).toResolvedValue(
      (store: Store, ids: Ids, clock: Clock, accounts: AccountService) => new WalletService(store, ids, clock, accounts),
      [PORTS.Store, PORTS.Ids, PORTS.Clock, SERVICES.Accounts],
    );
    bind(SERVICES.Jobs).toResolvedValue(
      (queue: Queue, mobilePush: MobilePush) => {
        const jobs = new JobRunner(queue);
        jobs.register(MOBILE_PUSH_QUEUE, mobilePushJob(mobilePush));
        return jobs;
      },
      [PORTS.Queue, PORTS.MobilePush],
    );
    bind(SERVICES.Notifier).toResolvedValue((push: Push, queue: Queue) => new Notifier(push, queue), [PORTS.Push, PORTS.Queue]);
  });
}
