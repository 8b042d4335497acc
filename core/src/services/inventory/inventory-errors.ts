import { KumoError, NotFound } from '../../ports/errors';

/** No item model has this id. */
export class ItemNotFound extends NotFound {
  constructor(itemId: string) {
    super(`no item model ${itemId}`, { itemId }, 'item_not_found');
  }
}

/** The acquisition would take the player past the item's capacity (and overflow was not asked for). */
export class InventoryFull extends KumoError {
  constructor(details: { itemId: string; capacity: number; held: number; requested: number }) {
    super('conflict', 'inventory_full', `holding ${details.requested} more of ${details.itemId} would exceed its capacity`, details);
  }
}

/** The player holds fewer of the item than the consumption needs. */
export class InsufficientItems extends KumoError {
  constructor(details: { itemId: string; held: number; requested: number }) {
    super('conflict', 'insufficient_items', `not enough ${details.itemId} to consume ${details.requested}`, details);
  }
}

/** The item has no price. */
export class NotForSale extends KumoError {
  constructor(itemId: string) {
    super('conflict', 'not_for_sale', `item ${itemId} cannot be bought`, { itemId });
  }
}

/** The purchase (of items, or of a stamina recovery) costs more than one wallet withdrawal may take. */
export class PriceTooHigh extends KumoError {
  constructor(details: { total: number; limit: number; itemId?: string; staminaId?: string }) {
    super('invalid', 'price_too_high', 'the total price exceeds the largest single withdrawal', details);
  }
}
