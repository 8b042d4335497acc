import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { Store } from '../../ports/store';
import { transact, type Transaction } from '../../store/transact';
import type { AccountService } from '../account/account-service';
import { userPartition } from '../user-partition';
import { BalanceLimit, InsufficientFunds, ReferenceReused } from './wallet-errors';
import { MAX_BALANCE, type Balance, type Receipt, type SlotBalance, type SpendOrder } from './wallet-types';

const BALANCE = 'wallet:balance:';
const RECEIPT = 'wallet:receipt:';
const balanceKey = (slot: string) => `${BALANCE}${slot}`;
const receiptKey = (slot: string, id: string) => `${RECEIPT}${slot}:${id}`;
const referenceKey = (kind: Receipt['kind'], reference: string) => `wallet:ref:${kind}:${reference}`;

/** Stored under `ref:<kind>:<reference>`: which receipt a reference produced, and for what request. */
interface ReferenceDoc {
  [field: string]: unknown;
  receiptKey: string;
  request: string;
}

/** Input of a deposit: the store receipt (or grant) id that makes it idempotent, and the amounts. */
export interface DepositInput {
  receiptId: string;
  paid: number;
  free: number;
}

/** Input of a withdrawal. `requestId`, if given, makes it idempotent. */
export interface WithdrawInput {
  amount: number;
  order: SpendOrder;
  requestId?: string;
}

/** A page of receipts, newest first. */
export interface ReceiptPage {
  receipts: Receipt[];
  cursor?: string;
}

/**
 * The premium currency ("magic stones"): per user and per slot (platform), paid and free kept apart.
 * Every deposit and withdrawal writes the balance and its receipt in ONE transaction, so the
 * receipts of a slot always add up to its balance.
 */
export class WalletService {
  constructor(
    private readonly store: Store,
    private readonly ids: Ids,
    private readonly clock: Clock,
    private readonly accounts: AccountService,
  ) {}

  /** Credits paid and/or free currency. The same `receiptId` twice credits once and returns the first receipt. */
  async deposit(userId: string, slot: string, input: DepositInput): Promise<Receipt> {
    await this.accounts.assertExists(userId);
    return transact(this.store, (tx) => this.depositIn(tx, userId, slot, input));
  }

  /** Spends `amount`, free or paid currency first; refuses to go negative. Idempotent per `requestId`. */
  async withdraw(userId: string, slot: string, input: WithdrawInput): Promise<Receipt> {
    return transact(this.store, (tx) => this.withdrawIn(tx, userId, slot, input));
  }

  /** Stages a deposit in the caller's transaction (a gift opened from the inbox, say). */
  depositIn(tx: Transaction, userId: string, slot: string, input: DepositInput): Promise<Receipt> {
    return this.apply(tx, userId, slot, 'deposit', input.receiptId, JSON.stringify([slot, input.paid, input.free]), (balance) => {
      const next = { paid: balance.paid + input.paid, free: balance.free + input.free };
      if (next.paid > MAX_BALANCE || next.free > MAX_BALANCE) throw new BalanceLimit({ slot, limit: MAX_BALANCE });
      return { paid: input.paid, free: input.free };
    });
  }

  /** Stages a withdrawal in the caller's transaction (a purchase that also grants an item, say). */
  withdrawIn(tx: Transaction, userId: string, slot: string, input: WithdrawInput): Promise<Receipt> {
    return this.apply(tx, userId, slot, 'withdraw', input.requestId ?? null, JSON.stringify([slot, input.amount, input.order]), (balance) => {
      if (balance.paid + balance.free < input.amount) {
        throw new InsufficientFunds({ slot, requested: input.amount, available: balance.paid + balance.free });
      }
      const firstIsFree = input.order === 'free_first';
      const first = Math.min(input.amount, firstIsFree ? balance.free : balance.paid);
      const second = input.amount - first;
      return firstIsFree ? { free: negate(first), paid: negate(second) } : { paid: negate(first), free: negate(second) };
    });
  }

  /** One slot's balance (zero if never used). */
  async balance(userId: string, slot: string): Promise<SlotBalance> {
    const doc = await this.store.get<Balance>(userPartition(userId), balanceKey(slot));
    return toSlotBalance(slot, doc?.value ?? { paid: 0, free: 0 });
  }

  /** Every slot the user holds currency in. */
  async balances(userId: string): Promise<SlotBalance[]> {
    const page = await this.store.query<Balance>(userPartition(userId), { prefix: BALANCE, limit: 100 });
    return page.items.map((doc) => toSlotBalance(doc.key.slice(BALANCE.length), doc.value));
  }

  /** Receipts of one slot, newest first, a page at a time. */
  async receipts(userId: string, slot: string, options: { limit?: number; cursor?: string } = {}): Promise<ReceiptPage> {
    const page = await this.store.query<Receipt>(userPartition(userId), {
      prefix: `${RECEIPT}${slot}:`,
      reverse: true,
      limit: options.limit ?? 50,
      cursor: options.cursor,
    });
    return { receipts: page.items.map((doc) => doc.value), cursor: page.cursor };
  }

  /** Reads the balance, computes the change, and stages balance, receipt and reference together. */
  private async apply(
    tx: Transaction,
    userId: string,
    slot: string,
    kind: Receipt['kind'],
    reference: string | null,
    request: string,
    change: (balance: Balance) => { paid: number; free: number },
  ): Promise<Receipt> {
    const partition = userPartition(userId);
    if (reference !== null) {
      const seen = await tx.get<ReferenceDoc>(partition, referenceKey(kind, reference));
      if (seen) {
        if (seen.value.request !== request) throw new ReferenceReused(reference);
        const original = await tx.get<Receipt>(partition, seen.value.receiptKey);
        return original!.value;
      }
    }
    const current = (await tx.get<Balance>(partition, balanceKey(slot)))?.value ?? { paid: 0, free: 0 };
    const delta = change(current);
    const balance = { paid: current.paid + delta.paid, free: current.free + delta.free };
    const receipt: Receipt = { id: this.ids.next(), slot, kind, paid: delta.paid, free: delta.free, balance, reference, at: this.clock.now() };
    tx.put(partition, balanceKey(slot), balance);
    tx.put(partition, receiptKey(slot, receipt.id), receipt);
    if (reference !== null) tx.put(partition, referenceKey(kind, reference), { receiptKey: receiptKey(slot, receipt.id), request });
    return receipt;
  }
}

function toSlotBalance(slot: string, balance: Balance): SlotBalance {
  return { slot, paid: balance.paid, free: balance.free, total: balance.paid + balance.free };
}

/** Negates an amount without producing -0. */
const negate = (amount: number) => (amount === 0 ? 0 : -amount);
