import { Conflict, KumoError } from '../../ports/errors';
import type { Store } from '../../ports/store';
import type { Transaction } from '../../store/transact';

/** ISO 4217 code for "no currency involved": paid currency granted without a price (an operator deposit). */
export const NO_CURRENCY = 'XXX';
/** Id of the lot that takes paid currency held before lots were kept. */
const LEGACY_LOT = '00000000000000000000000000';

/**
 * One purchase lot of paid currency, kept in the slot's balance document (lot ids sort by time).
 * `price` is what the whole lot cost, in minor units of `currency`; a lot keeps its `quantity` and
 * loses `remaining` as the currency is spent (FIFO) or refunded.
 */
export interface Lot {
  [field: string]: unknown;
  lotId: string;
  quantity: number;
  remaining: number;
  price: number;
  currency: string;
  acquiredAt: number;
  /** The deposit's receipt reference (a store transaction id, for a purchase); null for merged lots. */
  source: string | null;
}

/**
 * Most open lots one balance document keeps. Past it, the two oldest lots of one currency merge
 * into one lot of their remaining units and value (exact: no ledger entry, no value lost), so the
 * document stays small whatever the number of unspent purchases.
 */
export const MAX_LOTS = 100;

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

/** Key of a lot document of the previous layout (one document per lot, listed by id in the balance). */
const legacyLotKey = (slot: string, lotId: string) => `wallet:lot:${slot}:${lotId}`;

/**
 * Money value of `remaining` units of a lot: its price pro rata, rounded down. Values of successive
 * changes telescope, so a lot used up in any number of steps is valued at exactly its price.
 */
export function lotValue(lot: Pick<Lot, 'price' | 'quantity'>, remaining: number): number {
  if (lot.quantity === 0) return 0;
  return Number((BigInt(lot.price) * BigInt(remaining)) / BigInt(lot.quantity));
}

/** What the slot's balance document keeps about paid currency: its open lots (oldest first) and the debt. */
export interface LotIndex {
  [field: string]: unknown;
  /**
   * The open lots. Absent on balances written before lots existed: their paid currency becomes one
   * unpriced lot. Lot ids (strings) on balances of the previous layout, whose lots were documents.
   */
  lots?: Lot[] | string[];
  /** Paid currency owed after a refund outran the paid balance; paid off by the next paid deposit. */
  debt?: number;
}

const isIdList = (lots: Lot[] | string[]): lots is string[] => typeof lots[0] === 'string';

/**
 * The paid-currency lots of one slot inside a unit of work. The lots live in the slot's balance
 * document, so the balance and its lots change in one conditional write of one document: no batch
 * can split them, and a slot with many unspent purchases costs one document, not one per lot. The
 * caller writes `index()` back with the balance. Lots of the previous layout are read through the
 * transaction, moved into the balance and their documents deleted.
 */
export class LotBook {
  readonly entries: LedgerEntry[] = [];

  private constructor(
    private readonly lots: Lot[],
    private debt: number,
  ) {}

  /** Takes the slot's open lots from its balance (a copy) and checks Σ remaining − debt = the paid balance. */
  static async load(tx: Transaction, partition: string, slot: string, balance: { paid: number } & LotIndex, now: number): Promise<LotBook> {
    const book = new LotBook(await openLots(balance, slot, (key) => tx.get<Lot>(partition, key)), balance.debt ?? 0);
    if (balance.lots && isIdList(balance.lots)) for (const lotId of balance.lots) tx.delete(partition, legacyLotKey(slot, lotId));
    if (balance.lots === undefined && balance.paid > 0) {
      book.add({ lotId: LEGACY_LOT, quantity: balance.paid, price: 0, currency: NO_CURRENCY, acquiredAt: now, source: null });
      book.entries.length = 0;
    }
    const held = book.lots.reduce((sum, lot) => sum + lot.remaining, 0);
    if (held - book.debt !== balance.paid) {
      const details = { slot, paid: balance.paid, lots: held, debt: book.debt };
      // Lot documents of the previous layout may have been read across a concurrent commit: retried.
      if (balance.lots && isIdList(balance.lots)) throw new Conflict('the paid-currency lots changed during the transaction', details);
      // Lots inside the balance document change with it: a difference is damage, not a race.
      throw new KumoError('internal', 'wallet_lots_inconsistent', 'the paid-currency lots disagree with the paid balance', details);
    }
    return book;
  }

  /** The lots and debt to store with the balance. */
  index(): { lots: Lot[]; debt: number } {
    return { lots: this.lots.filter((lot) => lot.remaining > 0), debt: this.debt };
  }

  /** Adds a lot of `quantity` paid units; a debt is paid off from it first. Keeps at most `MAX_LOTS` open lots. */
  add(lot: Pick<Lot, 'lotId' | 'quantity' | 'price' | 'currency' | 'acquiredAt' | 'source'>): void {
    const settled = Math.min(this.debt, lot.quantity);
    const created: Lot = { ...lot, remaining: lot.quantity };
    this.entry('issued', created, lot.quantity, lot.price);
    if (settled > 0) {
      this.take(created, settled, 'used');
      this.debt -= settled;
    }
    if (created.remaining > 0) this.lots.push(created);
    if (this.lots.length > MAX_LOTS) this.mergeOldest();
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
    }
    this.lots.splice(0, this.lots.length, ...this.lots.filter((lot) => lot.remaining > 0));
    return left;
  }

  /** Merges the two oldest lots of the first currency that has two, in place of the older one. */
  private mergeOldest(): void {
    const older = this.lots.findIndex((lot, index) => this.lots.slice(index + 1).some((other) => other.currency === lot.currency));
    if (older < 0) return;
    const first = this.lots[older]!;
    const newer = this.lots.findIndex((lot, index) => index > older && lot.currency === first.currency);
    const second = this.lots[newer]!;
    const quantity = first.remaining + second.remaining;
    const price = lotValue(first, first.remaining) + lotValue(second, second.remaining);
    this.lots[older] = { ...first, quantity, remaining: quantity, price, source: null };
    this.lots.splice(newer, 1);
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

/** A copy of the balance's open lots, reading the documents of the previous layout with `read`. */
async function openLots(balance: LotIndex, slot: string, read: (key: string) => Promise<{ value: Lot } | undefined>): Promise<Lot[]> {
  const stored = balance.lots ?? [];
  if (!isIdList(stored)) return structuredClone(stored as Lot[]);
  const docs = await Promise.all(stored.map((lotId) => read(legacyLotKey(slot, lotId))));
  return docs.flatMap((doc) => (doc ? [structuredClone(doc.value)] : []));
}

/** A slot's lots and debt outside any transaction, for reports and invariant checks. */
export async function readLots(store: Store, partition: string, slot: string): Promise<{ lots: Lot[]; debt: number }> {
  const balance = (await store.get<LotIndex>(partition, `wallet:balance:${slot}`))?.value ?? {};
  return { lots: await openLots(balance, slot, (key) => store.get<Lot>(partition, key)), debt: balance.debt ?? 0 };
}
