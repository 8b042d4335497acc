import type { Feature } from '../../feature';
import { PORTS, resolve } from '../../container';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { Store } from '../../ports/store';
import type { AccountService } from '../account/account-service';
import { SERVICES } from '../tokens';
import { walletRoutes } from './routes';
import { WalletService } from './wallet-service';

/** The premium currency with receipts. */
export const walletFeature: Feature = {
  name: 'wallet',
  bind({ bind }) {
    bind(SERVICES.Wallet).toResolvedValue(
      (store: Store, ids: Ids, clock: Clock, accounts: AccountService) => new WalletService(store, ids, clock, accounts),
      [PORTS.Store, PORTS.Ids, PORTS.Clock, SERVICES.Accounts],
    );
  },
  routes(app, { container, player, admin }) {
    app.use('/v1/wallet', player);
    app.use('/v1/wallet/*', player);
    app.use('/v1/admin/users/:userId/wallet', admin);
    app.use('/v1/admin/users/:userId/wallet/*', admin);
    walletRoutes(app, resolve(container, SERVICES.Wallet), resolve(container, SERVICES.Accounts));
  },
};
