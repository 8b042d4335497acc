import type { Feature } from '../../feature';
import { PORTS, resolve } from '../../container';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { Store } from '../../ports/store';
import type { AccountService } from '../account/account-service';
import { SERVICES } from '../tokens';
import type { WalletService } from '../wallet/wallet-service';
import { InventoryService } from './inventory-service';

/** Item models, the items each player holds, and purchases with wallet currency. */
export const inventoryFeature: Feature = {
  name: 'inventory',
  bind({ bind }) {
    bind(SERVICES.Inventory).toResolvedValue(
      (store: Store, ids: Ids, clock: Clock, accounts: AccountService, wallet: WalletService) => new InventoryService(store, ids, clock, accounts, wallet),
      [PORTS.Store, PORTS.Ids, PORTS.Clock, SERVICES.Accounts, SERVICES.Wallet],
    );
  },
  async routes(app, { container }) {
    const { inventoryRoutes } = await import('./routes');
    inventoryRoutes(app, resolve(container, SERVICES.Inventory));
  },
};
