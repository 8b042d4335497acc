import type { Feature } from '../../feature';
import { PORTS, resolve } from '../../container';
import type { Clock } from '../../ports/clock';
import type { Store } from '../../ports/store';
import type { InventoryService } from '../inventory/inventory-service';
import { SERVICES } from '../tokens';
import type { WalletService } from '../wallet/wallet-service';
import { StaminaService } from './stamina-service';

/** Stamina that regenerates with the clock, spent by actions, recovered by items or currency. */
export const staminaFeature: Feature = {
  name: 'stamina',
  bind({ bind }) {
    bind(SERVICES.Stamina).toResolvedValue(
      (store: Store, clock: Clock, inventory: InventoryService, wallet: WalletService) => new StaminaService(store, clock, inventory, wallet),
      [PORTS.Store, PORTS.Clock, SERVICES.Inventory, SERVICES.Wallet],
    );
  },
  async routes(app, { container }) {
    const { staminaRoutes } = await import('./routes');
    staminaRoutes(app, resolve(container, SERVICES.Stamina));
  },
};
