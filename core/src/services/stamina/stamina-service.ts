import type { Clock } from '../../ports/clock';
import type { Store } from '../../ports/store';
import { transact, type Transaction } from '../../store/transact';
import { Catalog } from '../inventory/catalog';
import type { InventoryService } from '../inventory/inventory-service';
import { idempotent } from '../../store/idempotent';
import { userPartition } from '../user-partition';
import type { WalletService } from '../wallet/wallet-service';
import { MAX_AMOUNT } from '../wallet/wallet-types';
import { PriceTooHigh } from '../inventory/inventory-errors';
import { regenerate, toView } from './regeneration';
import { InsufficientStamina, RecoveryNotOffered, StaminaFull, StaminaNotFound } from './stamina-errors';
import type { RecoverInput, StaminaModel, StaminaState, StaminaView } from './stamina-types';

/** Shared partition of the stamina models. */
export const STAMINA_CATALOG = 'catalog:stamina';
const stateKey = (staminaId: string) => `stamina:${staminaId}`;

/**
 * Stamina that regenerates over time, computed from the Clock port: each player's value is
 * stored with the time it was last written (`stamina:<staminaId>` in the player's partition) and
 * brought up to date on every read, so no timer runs. Consuming refuses below zero
 * (`insufficient_stamina`). Recovering at once consumes inventory items or withdraws wallet
 * currency in the same transaction as the stamina change; it caps at `max` and is refused when
 * the stamina is already full (`stamina_full`), so nothing is spent for nothing.
 */
export class StaminaService {
  private readonly catalog: Catalog<StaminaModel>;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly inventory: InventoryService,
    private readonly wallet: WalletService,
  ) {
    this.catalog = new Catalog<StaminaModel>(store, clock, STAMINA_CATALOG);
  }

  /** Creates or replaces a stamina model; an item recovery must name an existing item model. */
  async defineModel(model: StaminaModel): Promise<StaminaModel> {
    if (model.itemRecovery) await this.inventory.item(model.itemRecovery.itemId);
    return this.catalog.put(model.staminaId, model);
  }

  /** A stamina model; throws `StaminaNotFound` if none has this id. */
  async model(staminaId: string): Promise<StaminaModel> {
    const model = await this.catalog.get(staminaId);
    if (!model) throw new StaminaNotFound(staminaId);
    return model;
  }

  /** The player's stamina now. */
  async get(userId: string, staminaId: string): Promise<StaminaView> {
    const model = await this.model(staminaId);
    const state = await this.store.get<StaminaState>(userPartition(userId), stateKey(staminaId));
    return toView(model, regenerate(model, state?.value, this.clock.now()));
  }

  /** Spends stamina; refuses when the current value is too low. Idempotent per `requestId`. */
  consume(userId: string, staminaId: string, input: { amount: number; requestId?: string }): Promise<StaminaView> {
    return transact(this.store, (tx) =>
      idempotent(tx, userPartition(userId), 'stamina:ref:consume:', input.requestId, [staminaId, input.amount], () => this.consumeIn(tx, userId, staminaId, input.amount)),
    );
  }

  /** Stages a consumption in the caller's transaction (a quest start that also changes other documents, say). */
  async consumeIn(tx: Transaction, userId: string, staminaId: string, amount: number): Promise<StaminaView> {
    const model = await this.model(staminaId);
    const state = await this.current(tx, userId, model);
    if (state.value < amount) throw new InsufficientStamina({ staminaId, value: state.value, requested: amount, nextRecoverAt: toView(model, state).nextRecoverAt });
    return this.write(tx, userId, model, { value: state.value - amount, updatedAt: state.updatedAt });
  }

  /**
   * Recovers stamina at once by consuming `count` items (`amount` each) or paying `count` times
   * the currency price, in one transaction with the stamina change. Idempotent per `requestId`
   * (required when paying).
   */
  recover(userId: string, staminaId: string, input: RecoverInput): Promise<StaminaView> {
    const { requestId, ...request } = input;
    return transact(this.store, (tx) =>
      idempotent(tx, userPartition(userId), 'stamina:ref:recover:', requestId, [staminaId, request], async () => {
        // The model as stored now: its recovery prices apply to the next recovery on every instance.
        const model = await this.catalog.fresh(staminaId);
        if (!model) throw new StaminaNotFound(staminaId);
        const offer = input.by === 'item' ? model.itemRecovery : model.currencyRecovery;
        if (!offer) throw new RecoveryNotOffered({ staminaId, by: input.by });
        const state = await this.current(tx, userId, model);
        if (state.value >= model.max) throw new StaminaFull({ staminaId, value: state.value, max: model.max });
        if (input.by === 'item') await this.inventory.consumeIn(tx, userId, model.itemRecovery!.itemId, input.count);
        else {
          const total = model.currencyRecovery!.price * input.count;
          if (total > MAX_AMOUNT) throw new PriceTooHigh({ staminaId, total, limit: MAX_AMOUNT });
          await this.wallet.withdrawIn(tx, userId, input.slot, { amount: total, order: input.order, requestId: `stamina:${input.requestId}` });
        }
        const value = Math.min(model.max, state.value + offer.amount * input.count);
        return this.write(tx, userId, model, regenerate(model, { value, updatedAt: state.updatedAt }, this.clock.now()));
      }),
    );
  }

  private async current(tx: Transaction, userId: string, model: StaminaModel): Promise<StaminaState> {
    const stored = await tx.get<StaminaState>(userPartition(userId), stateKey(model.staminaId));
    return regenerate(model, stored?.value, this.clock.now());
  }

  private write(tx: Transaction, userId: string, model: StaminaModel, state: StaminaState): StaminaView {
    tx.put(userPartition(userId), stateKey(model.staminaId), state);
    return toView(model, state);
  }
}
