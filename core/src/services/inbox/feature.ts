import type { Feature } from '../../feature';
import { PORTS, resolve } from '../../container';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { Store } from '../../ports/store';
import type { Notifier } from '../../push/notifier';
import type { AccountService } from '../account/account-service';
import type { InventoryService } from '../inventory/inventory-service';
import { SERVICES } from '../tokens';
import type { WalletService } from '../wallet/wallet-service';
import { InboxService } from './inbox-service';

/** Messages with currency and item grants, read once, with an expiry. */
export const inboxFeature: Feature = {
  name: 'inbox',
  bind({ bind }) {
    bind(SERVICES.Inbox).toResolvedValue(
      (store: Store, ids: Ids, clock: Clock, accounts: AccountService, wallet: WalletService, inventory: InventoryService, notifier: Notifier) =>
        new InboxService(store, ids, clock, accounts, wallet, inventory, notifier),
      [PORTS.Store, PORTS.Ids, PORTS.Clock, SERVICES.Accounts, SERVICES.Wallet, SERVICES.Inventory, SERVICES.Notifier],
    );
  },
  async routes(app, { container }) {
    const { inboxRoutes } = await import('./routes');
    inboxRoutes(app, resolve(container, SERVICES.Inbox));
  },
};
