import { Conflict } from '../../ports/errors';
import type { Store } from '../../ports/store';
import type { Transaction } from '../../store/transact';

/** ISO 4217 code for "no currency involved": paid currency granted without a price (an operator deposit). */
export const NO_CURRENCY = 'XXX';
/** Id of the lot that takes paid currency held before lots were kept. */
const LEGACY_LOT = '00000000000000000000000000';

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

/**
 * Money value of `remaining` units of a lot: its price pro rata, rounded down. Values of successive
 * changes telescope, so a lot used up in any number of steps is valued at exactly its price.
 */
export function lotValue(lot: Pick<Lot, 'price' | 'quantity'>, remaining: number): number {
  if (lot.quantity === 0) return 0;
  return Number((BigInt(lot.price) * BigInt(remaining)) / BigInt(lot.quantity));
}

/** What the slot's balance document keeps about its lots: open lot ids (oldest first) and the debt. */
export interface LotIndex {
  [field: string]: unknown;
  /** Absent on balances written before lots existed: their paid currency becomes one unpriced lot. */
  lots?: string[];
  /** Paid currency owed after a refund outran the paid balance; paid off by the next paid deposit. */
  debt?: number;
}

/**
 * The paid-currency lots of one slot inside a unit of work. The slot's balance document lists the
 * open lots (`LotIndex`), so they are read by key through the transaction (each read a condition
 * of the commit) and no query runs on the hot path; the caller writes `index()` back with the
 * balance. Lots that disagree with the balance were read across a concurrent commit: `Conflict`,
 * which `transact` retries.
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

  /** Reads the slot's open lots and checks Σ remaining − debt = the paid balance. */
  static async load(tx: Transaction, partition: string, slot: string, balance: { paid: number } & LotIndex, now: number): Promise<LotBook> {
    const docs = await Promise.all((balance.lots ?? []).map((lotId) => tx.get<Lot>(partition, `${lotPrefix(slot)}${lotId}`)));
    const lots = docs.flatMap((doc) => (doc ? [doc.value] : []));
    const book = new LotBook(tx, partition, slot, lots, balance.debt ?? 0);
    if (balance.lots === undefined && balance.paid > 0) {
      book.add({ lotId: LEGACY_LOT, quantity: balance.paid, price: 0, currency: NO_CURRENCY, acquiredAt: now, source: null });
      book.entries.length = 0;
    }
    const held = book.lots.reduce((sum, lot) => sum + lot.remaining, 0);
    // A commit between the balance read and the lot reads: the commit will fail on those reads anyway.
    if (held - book.debt !== balance.paid) throw new Conflict('the paid-currency lots changed during the transaction', { slot });
    return book;
  }

  /** The lot index to store with the balance. */
  index(): Required<LotIndex> {
    return { lots: this.lots.filter((lot) => lot.remaining > 0).map((lot) => lot.lotId), debt: this.debt };
  }

  /** Adds a lot of `quantity` paid units; a debt is paid off from it first. */
  add(lot: Pick<Lot, 'lotId' | 'quantity' | 'price' | 'currency' | 'acquiredAt' | 'source'>): void {
    const settled = Math.min(this.debt, lot.quantity);
    const created: Lot = { ...lot, slot: this.slot, remaining: lot.quantity };
    this.entry('issued', created, lot.quantity, lot.price);
    this.lots.push(created);
    if (settled > 0) {
      this.take(created, settled, 'used');
      this.debt -= settled;
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
    this.debt += left;
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
}

/** A slot's lots and debt outside any transaction, for reports and invariant checks. */
export async function readLots(store: Store, partition: string, slot: string): Promise<{ lots: Lot[]; debt: number }> {
  const debt = (await store.get<LotIndex>(partition, `wallet:balance:${slot}`))?.value.debt ?? 0;
  return { lots: await listLots(store, partition, slot), debt };
}

/** Every lot document of a slot, in key order (a query: for checks and reports, not request paths). */
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
