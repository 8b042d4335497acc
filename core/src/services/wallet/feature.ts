import type { Feature } from '../../feature';
import { PORTS, resolve } from '../../container';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { Queue } from '../../ports/queue';
import type { Store } from '../../ports/store';
import type { AccountService } from '../account/account-service';
import { SERVICES } from '../tokens';
import { Ledger, LEDGER_QUEUE, type LedgerJob } from './ledger';
import { WalletService } from './wallet-service';

/** The premium currency with receipts, its paid-currency lots and the accounting journal. */
export const walletFeature: Feature = {
  name: 'wallet',
  bind({ bind }) {
    bind(SERVICES.Wallet).toResolvedValue(
      (store: Store, queue: Queue, ids: Ids, clock: Clock, accounts: AccountService) => new WalletService(store, queue, ids, clock, accounts),
      [PORTS.Store, PORTS.Queue, PORTS.Ids, PORTS.Clock, SERVICES.Accounts],
    );
  },
  async routes(app, { container }) {
    const { walletRoutes } = await import('./routes');
    walletRoutes(app, resolve(container, SERVICES.Wallet), resolve(container, SERVICES.Accounts), new Ledger(resolve(container, PORTS.Store)));
  },
  jobs(runner, get) {
    const ledger = new Ledger(get(PORTS.Store));
    runner.register(LEDGER_QUEUE, async (body) => void (await ledger.post((body as LedgerJob).userId)));
  },
};
