import { Conflict } from '../../ports/errors';
import type { Store } from '../../ports/store';
import type { Transaction } from '../../store/transact';

/** ISO 4217 code for "no currency involved": paid currency granted without a price (an operator deposit). */
export const NO_CURRENCY = 'XXX';

/**
 * One purchase lot of paid currency in a player's partition (`wallet:lot:<slot>:<lotId>`, lot ids
 * sort by time). `price` is what the whole lot cost, in minor units of `currency`; a lot keeps its
 * `quantity` and loses `remaining` as the currency is spent (FIFO) or refunded.
 */
export interface Lot {
  [field: string]: unknown;
  lotId: string;
  slot: string;
  quantity: number;
  remaining: number;
  price: number;
  currency: string;
  acquiredAt: number;
  /** The deposit's receipt reference (a store transaction id, for a purchase). */
  source: string | null;
}

/** Paid currency owed by a player after a refund outran the paid balance (`wallet:debt:<slot>`). */
interface DebtDoc {
  [field: string]: unknown;
  amount: number;
}

/** Why a lot changed: new currency, currency spent (or a debt paid off), or currency clawed back. */
export type LedgerFlow = 'issued' | 'used' | 'refunded';

/** A change of paid currency in one currency, in units and in minor units of money. */
export interface LedgerEntry {
  [field: string]: unknown;
  flow: LedgerFlow;
  currency: string;
  quantity: number;
  value: number;
}

const LOT = 'wallet:lot:';
/** Key prefix of a slot's lots. */
export const lotPrefix = (slot: string) => `${LOT}${slot}:`;
const debtKey = (slot: string) => `wallet:debt:${slot}`;

/**
 * Money value of `remaining` units of a lot: its price pro rata, rounded down. Values of successive
 * changes telescope, so a lot used up in any number of steps is valued at exactly its price.
 */
export function lotValue(lot: Pick<Lot, 'price' | 'quantity'>, remaining: number): number {
  if (lot.quantity === 0) return 0;
  return Number((BigInt(lot.price) * BigInt(remaining)) / BigInt(lot.quantity));
}

/**
 * The paid-currency lots of one slot inside a unit of work. `load` must run after the unit of work
 * read the slot's balance: every lot change also changes the balance, so that read's condition
 * protects the lots listed here, and a listing that disagrees with the balance (a commit landed in
 * between) is a `Conflict` that `transact` retries.
 */
export class LotBook {
  readonly entries: LedgerEntry[] = [];

  private constructor(
    private readonly tx: Transaction,
    private readonly partition: string,
    private readonly slot: string,
    private readonly lots: Lot[],
    private debt: number,
  ) {}

  /** Lists the slot's open lots (FIFO order) and its debt, and checks Σ remaining − debt = `paidBalance`. */
  static async load(store: Store, tx: Transaction, partition: string, slot: string, paidBalance: number): Promise<LotBook> {
    const lots = await listLots(store, partition, slot);
    const debt = (await tx.get<DebtDoc>(partition, debtKey(slot)))?.value.amount ?? 0;
    const held = lots.reduce((sum, lot) => sum + lot.remaining, 0);
    if (held - debt !== paidBalance) throw new Conflict('the paid-currency lots changed during the transaction', { slot });
    return new LotBook(tx, partition, slot, lots, debt);
  }

  /** Adds a lot of `quantity` paid units; a debt is paid off from it first. */
  add(lot: Pick<Lot, 'lotId' | 'quantity' | 'price' | 'currency' | 'acquiredAt' | 'source'>): void {
    const settled = Math.min(this.debt, lot.quantity);
    const created: Lot = { ...lot, slot: this.slot, remaining: lot.quantity };
    this.entry('issued', created, lot.quantity, lot.price);
    this.lots.push(created);
    if (settled > 0) {
      this.take(created, settled, 'used');
      this.setDebt(this.debt - settled);
    }
    if (created.remaining > 0) this.tx.put(this.partition, `${lotPrefix(this.slot)}${created.lotId}`, created);
  }

  /** Spends `amount` paid units from the oldest lots first. */
  spend(amount: number): void {
    this.consume(amount, 'used', this.lots);
  }

  /**
   * Claws back `amount` paid units: from the lot bought with `source` first, then the oldest lots;
   * what the lots cannot cover becomes a debt, paid off by the next paid deposit.
   */
  clawBack(amount: number, source: string): void {
    const own = this.lots.filter((lot) => lot.source === source);
    const left = this.consume(amount, 'refunded', [...own, ...this.lots.filter((lot) => lot.source !== source)]);
    if (left > 0) this.setDebt(this.debt + left);
  }

  /** Takes `amount` from `order`, stops when lots run out, and returns what was not covered. */
  private consume(amount: number, flow: LedgerFlow, order: Lot[]): number {
    let left = amount;
    for (const lot of order) {
      if (left === 0) break;
      const taken = Math.min(lot.remaining, left);
      if (taken === 0) continue;
      this.take(lot, taken, flow);
      left -= taken;
      const key = `${lotPrefix(this.slot)}${lot.lotId}`;
      if (lot.remaining === 0) this.tx.delete(this.partition, key);
      else this.tx.put(this.partition, key, lot);
    }
    this.lots.splice(0, this.lots.length, ...this.lots.filter((lot) => lot.remaining > 0));
    return left;
  }

  private take(lot: Lot, quantity: number, flow: LedgerFlow): void {
    const before = lotValue(lot, lot.remaining);
    lot.remaining -= quantity;
    this.entry(flow, lot, quantity, before - lotValue(lot, lot.remaining));
  }

  private entry(flow: LedgerFlow, lot: Lot, quantity: number, value: number): void {
    const same = this.entries.find((entry) => entry.flow === flow && entry.currency === lot.currency);
    if (same) {
      same.quantity += quantity;
      same.value += value;
    } else this.entries.push({ flow, currency: lot.currency, quantity, value });
  }

  private setDebt(amount: number): void {
    this.debt = amount;
    if (amount === 0) this.tx.delete(this.partition, debtKey(this.slot));
    else this.tx.put(this.partition, debtKey(this.slot), { amount });
  }
}

/** A slot's lots and debt outside any transaction, for reports and invariant checks. */
export async function readLots(store: Store, partition: string, slot: string): Promise<{ lots: Lot[]; debt: number }> {
  const lots = await listLots(store, partition, slot);
  const debt = (await store.get<DebtDoc>(partition, debtKey(slot)))?.value.amount ?? 0;
  return { lots, debt };
}

/** Every lot of a slot, oldest first. */
async function listLots(store: Store, partition: string, slot: string): Promise<Lot[]> {
  const lots: Lot[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query<Lot>(partition, { prefix: lotPrefix(slot), limit: 1000, cursor });
    lots.push(...page.items.map((doc) => doc.value));
    cursor = page.cursor;
  } while (cursor);
  return lots;
}
