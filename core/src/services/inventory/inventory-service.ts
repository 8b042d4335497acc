import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { Store } from '../../ports/store';
import { transact, type Transaction } from '../../store/transact';
import type { AccountService } from '../account/account-service';
import { composeMessage, stageMessage } from '../inbox/inbox-messages';
import { userPartition } from '../user-partition';
import type { WalletService } from '../wallet/wallet-service';
import { MAX_AMOUNT, type SpendOrder } from '../wallet/wallet-types';
import { Catalog } from './catalog';
import { InsufficientItems, InventoryFull, ItemNotFound, NotForSale, PriceTooHigh } from './inventory-errors';
import type { AcquireResult, ConsumeResult, Holding, ItemModel, Overflow, PurchaseResult } from './inventory-types';
import { idempotent } from '../../store/idempotent';

/** Shared partition of the item models. */
export const ITEM_CATALOG = 'catalog:items';
const HOLDING = 'inventory:item:';
const holdingKey = (itemId: string) => `${HOLDING}${itemId}`;
const reference = (kind: 'acquire' | 'consume' | 'purchase') => `inventory:ref:${kind}:`;

/** Stored count of one item in a player's partition. */
interface HoldingDoc {
  [field: string]: unknown;
  count: number;
}

/** Input of an acquisition. `requestId`, if given, makes it idempotent. */
export interface AcquireInput {
  count: number;
  overflow?: Overflow;
  requestId?: string;
}

/** Input of a consumption. `requestId`, if given, makes it idempotent. */
export interface ConsumeInput {
  count: number;
  requestId?: string;
}

/** Input of a purchase: the wallet slot that pays, the spend order, and the (required) idempotency id. */
export interface PurchaseInput {
  count: number;
  slot: string;
  order: SpendOrder;
  requestId: string;
}

/**
 * Items a player holds, per item model. Counts live in the player's partition
 * (`inventory:item:<itemId>`), so an acquisition or consumption can share one transaction with
 * any other change of the same request (`acquireIn`/`consumeIn`): a purchase's wallet withdrawal,
 * an inbox message marked read. A count never goes below zero nor above the model's capacity;
 * what does not fit is refused (`inventory_full`) or, when asked, sent to the inbox as a message
 * with an item grant. A count that reaches zero is deleted. Item models are read outside the
 * player's transaction, through a cached catalog.
 */
export class InventoryService {
  private readonly catalog: Catalog<ItemModel>;

  constructor(
    private readonly store: Store,
    private readonly ids: Ids,
    private readonly clock: Clock,
    private readonly accounts: AccountService,
    private readonly wallet: WalletService,
  ) {
    this.catalog = new Catalog<ItemModel>(store, clock, ITEM_CATALOG);
  }

  /** Creates or replaces an item model. Lowering a capacity keeps what players already hold. */
  defineItem(model: ItemModel): Promise<ItemModel> {
    return this.catalog.put(model.itemId, model);
  }

  /** An item model; throws `ItemNotFound` if none has this id. */
  async item(itemId: string): Promise<ItemModel> {
    const model = await this.catalog.get(itemId);
    if (!model) throw new ItemNotFound(itemId);
    return model;
  }

  /** Item models in id order, a page at a time. */
  items(options: { limit?: number; cursor?: string } = {}): Promise<{ items: ItemModel[]; cursor?: string }> {
    return this.catalog.list(options);
  }

  /** Every item the player holds (at most 1000 kinds), in id order. */
  async holdings(userId: string): Promise<Holding[]> {
    const page = await this.store.query<HoldingDoc>(userPartition(userId), { prefix: HOLDING, limit: 1000 });
    const models = await Promise.all(page.items.map((doc) => this.catalog.get(doc.key.slice(HOLDING.length))));
    return page.items.map((doc, i) => ({ itemId: doc.key.slice(HOLDING.length), count: doc.value.count, capacity: models[i]?.capacity ?? 0 }));
  }

  /** How many of one item the player holds (zero if none). */
  async holding(userId: string, itemId: string): Promise<Holding> {
    const model = await this.item(itemId);
    const doc = await this.store.get<HoldingDoc>(userPartition(userId), holdingKey(itemId));
    return { itemId, count: doc?.value.count ?? 0, capacity: model.capacity };
  }

  /** Gives the player items (an admin grant). The user must exist. */
  async acquire(userId: string, itemId: string, input: AcquireInput): Promise<AcquireResult> {
    await this.accounts.assertExists(userId);
    return transact(this.store, (tx) =>
      idempotent(tx, userPartition(userId), reference('acquire'), input.requestId, [itemId, input.count, input.overflow ?? 'refuse'], () =>
        this.acquireIn(tx, userId, itemId, input.count, input.overflow),
      ),
    );
  }

  /** Uses up items; refuses (`insufficient_items`) rather than going below zero. */
  consume(userId: string, itemId: string, input: ConsumeInput): Promise<ConsumeResult> {
    return transact(this.store, (tx) =>
      idempotent(tx, userPartition(userId), reference('consume'), input.requestId, [itemId, input.count], () => this.consumeIn(tx, userId, itemId, input.count)),
    );
  }

  /**
   * Buys `count` items at the model's price: the wallet withdrawal and the acquisition commit in
   * ONE transaction, so the player never pays without receiving or receives without paying.
   * Idempotent per `requestId`: a retry returns the first result. A purchase never overflows:
   * past capacity it is refused and nothing is spent. The price is read from the store inside the
   * unit of work, so a price change applies to the next purchase on every instance.
   */
  purchase(userId: string, itemId: string, input: PurchaseInput): Promise<PurchaseResult> {
    const request = [itemId, input.count, input.slot, input.order];
    return transact(this.store, (tx) =>
      idempotent(tx, userPartition(userId), reference('purchase'), input.requestId, request, async () => {
        // The price as stored now, read on every attempt (not from the cache, and not as a condition
        // of the commit, which would make it span the catalog's partition).
        const model = await this.catalog.fresh(itemId);
        if (!model) throw new ItemNotFound(itemId);
        if (model.price === null) throw new NotForSale(itemId);
        const total = model.price * input.count;
        if (total > MAX_AMOUNT) throw new PriceTooHigh({ itemId, total, limit: MAX_AMOUNT });
        const receipt = await this.wallet.withdrawIn(tx, userId, input.slot, { amount: total, order: input.order, requestId: `purchase:${input.requestId}` });
        const acquired = await this.acquireIn(tx, userId, itemId, input.count, 'refuse');
        return { itemId, count: acquired.count, purchased: input.count, receipt };
      }),
    );
  }

  /**
   * Stages an acquisition in the caller's transaction. With `overflow: 'inbox'` what exceeds the
   * capacity becomes an unread inbox message (item grant, default expiry) in the same transaction;
   * otherwise the whole acquisition is refused with `InventoryFull`.
   */
  async acquireIn(tx: Transaction, userId: string, itemId: string, count: number, overflow: Overflow = 'refuse'): Promise<AcquireResult> {
    const model = await this.item(itemId);
    const partition = userPartition(userId);
    const held = (await tx.get<HoldingDoc>(partition, holdingKey(itemId)))?.value.count ?? 0;
    const acquired = Math.min(Math.max(0, model.capacity - held), count);
    if (acquired < count && overflow === 'refuse') throw new InventoryFull({ itemId, capacity: model.capacity, held, requested: count });
    if (acquired > 0) tx.put(partition, holdingKey(itemId), { count: held + acquired });
    let overflowMessageId: string | null = null;
    if (acquired < count) {
      const message = composeMessage(this.ids, this.clock, {
        title: `${model.name}: inventory full`,
        body: `${count - acquired} did not fit in your inventory. Read this message once you have room.`,
        grants: [{ type: 'item', itemId, count: count - acquired }],
      });
      stageMessage(tx, userId, message);
      overflowMessageId = message.id;
    }
    return { itemId, count: held + acquired, acquired, overflowed: count - acquired, overflowMessageId };
  }

  /** Stages taking back up to `count` items (a refunded store purchase), never below zero; returns how many were taken. */
  async takeBackIn(tx: Transaction, userId: string, itemId: string, count: number): Promise<number> {
    const held = (await tx.get<HoldingDoc>(userPartition(userId), holdingKey(itemId)))?.value.count ?? 0;
    const taken = Math.min(held, count);
    if (taken > 0) await this.consumeIn(tx, userId, itemId, taken);
    return taken;
  }

  /** Stages a consumption in the caller's transaction; throws `InsufficientItems` below zero. */
  async consumeIn(tx: Transaction, userId: string, itemId: string, count: number): Promise<ConsumeResult> {
    await this.item(itemId);
    const partition = userPartition(userId);
    const held = (await tx.get<HoldingDoc>(partition, holdingKey(itemId)))?.value.count ?? 0;
    if (held < count) throw new InsufficientItems({ itemId, held, requested: count });
    if (held === count) tx.delete(partition, holdingKey(itemId));
    else tx.put(partition, holdingKey(itemId), { count: held - count });
    return { itemId, count: held - count, consumed: count };
  }
}
