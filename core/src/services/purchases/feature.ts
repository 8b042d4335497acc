import type { Feature } from '../../feature';
import { PORTS, resolve, token } from '../../container';
import type { Clock } from '../../ports/clock';
import type { Store } from '../../ports/store';
import type { AccountService } from '../account/account-service';
import type { InventoryService } from '../inventory/inventory-service';
import { SERVICES } from '../tokens';
import type { WalletService } from '../wallet/wallet-service';
import { PurchaseService } from './purchase-service';
import { NO_STORES, PURCHASE_SETTINGS, type PurchaseSettings } from './purchase-settings';

/** Container token of the purchase service. */
export const PURCHASES = token<PurchaseService>('Purchases');

/** Store products, App Store and Google Play purchases credited once, and their refunds. */
export const purchasesFeature: Feature = {
  name: 'purchases',
  bind({ bind }) {
    bind(PURCHASE_SETTINGS).toConstantValue(NO_STORES);
    bind(PURCHASES).toResolvedValue(
      (store: Store, clock: Clock, accounts: AccountService, wallet: WalletService, inventory: InventoryService, settings: PurchaseSettings) =>
        new PurchaseService(store, clock, accounts, wallet, inventory, settings),
      [PORTS.Store, PORTS.Clock, SERVICES.Accounts, SERVICES.Wallet, SERVICES.Inventory, PURCHASE_SETTINGS],
    );
  },
  async routes(app, { container }) {
    const { purchaseRoutes } = await import('./routes');
    purchaseRoutes(app, resolve(container, PURCHASES), resolve(container, PURCHASE_SETTINGS));
  },
};
