import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { Queue } from '../../ports/queue';
import type { Store } from '../../ports/store';
import { transact, type Transaction } from '../../store/transact';
import type { AccountService } from '../account/account-service';
import { userPartition } from '../user-partition';
import { LEDGER_DELAY_SECONDS, LEDGER_QUEUE, ledgerOutboxKey, type LedgerJob } from './ledger';
import { LotBook, NO_CURRENCY } from './lots';
import { BalanceLimit, BalanceNegative, InsufficientFunds, ReferenceReused } from './wallet-errors';
import { MAX_BALANCE, type Balance, type Receipt, type RefundPolicy, type SlotBalance, type SpendOrder } from './wallet-types';

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
  /** What the paid currency cost (whole deposit, minor units of an ISO 4217 currency); none: an unpriced lot. */
  price?: { amount: number; currency: string };
}

/**
 * Input of a refund: claws back what the deposit with receipt reference `source` granted. The
 * refund is idempotent per `reference`; `policy` says where paid currency already spent comes from.
 */
export interface RefundInput {
  reference: string;
  source: string;
  paid: number;
  free: number;
  policy: RefundPolicy;
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
 * Every deposit, withdrawal and refund writes the balance and its receipt in ONE transaction, so
 * the receipts of a slot always add up to its balance. Paid currency is also kept in purchase lots
 * (`lots.ts`) changed in that same transaction: Σ lots remaining − debt = paid balance. A change of
 * paid currency leaves its ledger entries in an outbox document, posted to the accounting journal
 * by the `wallet-ledger` job (`ledger.ts`).
 */
export class WalletService {
  constructor(
    private readonly store: Store,
    private readonly queue: Queue,
    private readonly ids: Ids,
    private readonly clock: Clock,
    private readonly accounts: AccountService,
  ) {}

  /**
   * Credits paid and/or free currency. The same `receiptId` twice credits once and returns the
   * first receipt. Two round trips: the account and the balance in one batched read, then the commit.
   */
  async deposit(userId: string, slot: string, input: DepositInput): Promise<Receipt> {
    const receipt = await transact(this.store, async (tx) => {
      const [, deposited] = await Promise.all([this.accounts.assertExistsIn(tx, userId), this.depositIn(tx, userId, slot, input)]);
      return deposited;
    });
    await this.postLedger(userId, receipt);
    return receipt;
  }

  /** Spends `amount`, free or paid currency first; refuses to go negative. Idempotent per `requestId`. */
  async withdraw(userId: string, slot: string, input: WithdrawInput): Promise<Receipt> {
    const receipt = await transact(this.store, (tx) => this.withdrawIn(tx, userId, slot, input));
    await this.postLedger(userId, receipt);
    return receipt;
  }

  /**
   * Queues the posting of the player's ledger outbox, when `receipt` changed paid currency: after
   * the commit, so the job finds the entries. Staging a paid change also queues it with a delay,
   * best effort, for callers that stage wallet changes in their own units of work (an item
   * purchase); an entry whose job was lost is posted with the player's next one. Replays call this
   * again; the job is idempotent.
   */
  async postLedger(userId: string, receipt: Pick<Receipt, 'paid'>): Promise<void> {
    if (receipt.paid !== 0) await this.queue.send(LEDGER_QUEUE, { userId } satisfies LedgerJob);
  }

  /** Stages a deposit in the caller's transaction (a gift opened from the inbox, say). */
  depositIn(tx: Transaction, userId: string, slot: string, input: DepositInput): Promise<Receipt> {
    const request = JSON.stringify([slot, input.paid, input.free]);
    return this.apply(tx, userId, slot, 'deposit', input.receiptId, request, async (balance, lots) => {
      const next = { paid: balance.paid + input.paid, free: balance.free + input.free };
      if (next.paid > MAX_BALANCE || next.free > MAX_BALANCE) throw new BalanceLimit({ slot, limit: MAX_BALANCE });
      if (input.paid > 0) {
        const { amount, currency } = input.price ?? { amount: 0, currency: NO_CURRENCY };
        (await lots()).add({ lotId: this.ids.next(), quantity: input.paid, price: amount, currency, acquiredAt: this.clock.now(), source: input.receiptId });
      }
      return { paid: input.paid, free: input.free };
    });
  }

  /**
   * Stages a refund in the caller's transaction: a `refund` receipt that takes back `free` (as far
   * as the free balance goes) and `paid`. Under `debit_free_first`, paid currency already spent is
   * taken from the free balance first; what neither covers leaves the paid balance negative, which
   * blocks spending until a deposit covers it.
   */
  refundIn(tx: Transaction, userId: string, slot: string, input: RefundInput): Promise<Receipt> {
    const request = JSON.stringify([slot, input.source, input.paid, input.free, input.policy]);
    return this.apply(tx, userId, slot, 'refund', input.reference, request, async (balance, lots) => {
      const free = Math.min(input.free, Math.max(0, balance.free));
      const short = input.paid - Math.min(input.paid, Math.max(0, balance.paid));
      const freeForPaid = input.policy === 'debit_free_first' ? Math.min(short, balance.free - free) : 0;
      const paid = input.paid - freeForPaid;
      if (paid > 0) (await lots()).clawBack(paid, input.source);
      return { paid: negate(paid), free: negate(free + freeForPaid) };
    });
  }

  /** Stages a withdrawal in the caller's transaction (a purchase that also grants an item, say). */
  withdrawIn(tx: Transaction, userId: string, slot: string, input: WithdrawInput): Promise<Receipt> {
    const request = JSON.stringify([slot, input.amount, input.order]);
    return this.apply(tx, userId, slot, 'withdraw', input.requestId ?? null, request, async (balance, lots) => {
      if (balance.paid < 0) throw new BalanceNegative({ slot, paid: balance.paid });
      if (balance.paid + balance.free < input.amount) {
        throw new InsufficientFunds({ slot, requested: input.amount, available: balance.paid + balance.free });
      }
      const firstIsFree = input.order === 'free_first';
      const first = Math.min(input.amount, firstIsFree ? balance.free : balance.paid);
      const second = input.amount - first;
      const paid = firstIsFree ? second : first;
      if (paid > 0) (await lots()).spend(paid);
      return { paid: negate(paid), free: negate(input.amount - paid) };
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

  /**
   * Reads the balance, computes the change (which may load the slot's lots), and stages balance,
   * receipt, reference and the ledger outbox together. The reference, the receipt (a fresh id) and
   * the outbox are assumed absent: no read, only a condition (a repeated reference conflicts, and
   * the retry reads it).
   */
  private async apply(
    tx: Transaction,
    userId: string,
    slot: string,
    kind: Receipt['kind'],
    reference: string | null,
    request: string,
    change: (balance: Balance, lots: () => Promise<LotBook>) => Promise<{ paid: number; free: number }>,
  ): Promise<Receipt> {
    const partition = userPartition(userId);
    if (reference !== null) {
      const seen = await tx.get<ReferenceDoc>(partition, referenceKey(kind, reference), { assumeAbsent: true });
      if (seen) {
        if (seen.value.request !== request) throw new ReferenceReused(reference);
        const original = await tx.get<Receipt>(partition, seen.value.receiptKey);
        return original!.value;
      }
    }
    const current = (await tx.get<Balance>(partition, balanceKey(slot)))?.value ?? { paid: 0, free: 0 };
    let book: LotBook | undefined;
    const delta = await change(current, async () => (book ??= await LotBook.load(tx, partition, slot, current, this.clock.now())));
    const balance: Balance = { ...current, paid: current.paid + delta.paid, free: current.free + delta.free, ...book?.index() };
    const receipt: Receipt = { id: this.ids.next(), slot, kind, paid: delta.paid, free: delta.free, balance: { paid: balance.paid, free: balance.free }, reference, at: this.clock.now() };
    tx.put(partition, balanceKey(slot), balance);
    tx.put(partition, receiptKey(slot, receipt.id), receipt, { assumeAbsent: true });
    if (reference !== null) tx.put(partition, referenceKey(kind, reference), { receiptKey: receiptKey(slot, receipt.id), request });
    if (book && book.entries.length > 0) {
      tx.put(partition, ledgerOutboxKey(receipt.id), { receiptId: receipt.id, at: receipt.at, entries: book.entries }, { assumeAbsent: true });
      // Not awaited: a send inside the unit of work would widen its conflict window on every attempt.
      void this.queue.send(LEDGER_QUEUE, { userId } satisfies LedgerJob, { delaySeconds: LEDGER_DELAY_SECONDS }).catch(() => undefined);
    }
    return receipt;
  }
}

function toSlotBalance(slot: string, balance: Balance): SlotBalance {
  return { slot, paid: balance.paid, free: balance.free, total: balance.paid + balance.free };
}

/** Negates an amount without producing -0. */
const negate = (amount: number) => (amount === 0 ? 0 : -amount);
