import { runOnce } from '../../jobs/once';
import type { Store } from '../../ports/store';
import { stableShard } from '../../store/hot-keys';
import { transact } from '../../store/transact';
import { userPartition } from '../user-partition';
import type { LedgerEntry, LedgerFlow } from './lots';

/** Queue of the job that posts one player's ledger outbox to the journal. */
export const LEDGER_QUEUE = 'wallet-ledger';
/** Body of a `wallet-ledger` job. */
export interface LedgerJob {
  userId: string;
}
/** Delay of the posting job queued while a paid change is staged, so it normally runs after the commit. */
export const LEDGER_DELAY_SECONDS = 5;
/** Journal shards: the day documents a busy day's postings spread over. */
export const JOURNAL_SHARDS = 8;

const OUTBOX = 'wallet:ledger:';
/** Key of a receipt's ledger outbox document in the player's partition. */
export const ledgerOutboxKey = (receiptId: string) => `${OUTBOX}${receiptId}`;
const journalPartition = (shard: number) => `ledger:journal:${shard}`;
const DAY = 'day:';

/** A receipt's ledger entries waiting in the player's partition to be posted. */
interface OutboxDoc {
  [field: string]: unknown;
  receiptId: string;
  at: number;
  entries: LedgerEntry[];
}

/** Quantity and money value of one flow. */
export interface FlowTotal {
  quantity: number;
  value: number;
}

/** Totals of one currency: each flow, and what is outstanding (issued − used − refunded). */
export type CurrencyTotals = Record<LedgerFlow | 'outstanding', FlowTotal>;

/** One UTC day of one journal shard: totals per currency. */
interface JournalDay {
  [field: string]: unknown;
  totals: Record<string, Record<LedgerFlow, FlowTotal>>;
}

/** The paid-currency report at a base date (end of that UTC day), per ISO 4217 currency. */
export interface PaidCurrencyReport {
  at: string;
  currencies: Array<{ currency: string } & CurrencyTotals>;
}

const zero = (): FlowTotal => ({ quantity: 0, value: 0 });
const add = (into: FlowTotal, more: FlowTotal) => {
  into.quantity += more.quantity;
  into.value += more.value;
};

/**
 * The accounting journal of paid currency: per UTC day and currency, the units issued, used and
 * refunded and their money value. Wallet transactions leave ledger entries in an outbox document
 * in the player's partition (same transaction as the lots); `post` moves them into day documents
 * of `JOURNAL_SHARDS` shared partitions, once per receipt (a processed marker next to the day
 * document), then deletes the outbox document. A report reads at most the shards' day documents,
 * never a player's: its cost grows with days, not players. The trade-off: the journal lags the
 * wallets by the queue's delay, and an entry whose job was lost or ran before its commit landed
 * (a paid change staged by another service, whose job is queued best effort) waits in the outbox
 * until the player's next paid-currency change queues the job again.
 */
export class Ledger {
  constructor(private readonly store: Store) {}

  /** Posts every outbox entry of the player; safe to run twice or concurrently. */
  async post(userId: string): Promise<number> {
    const partition = userPartition(userId);
    let posted = 0;
    for (;;) {
      const page = await this.store.query<OutboxDoc>(partition, { prefix: OUTBOX, limit: 100 });
      for (const doc of page.items) {
        const { receiptId, at, entries } = doc.value;
        await runOnce(this.store, journalPartition(stableShard(receiptId, JOURNAL_SHARDS)), `ledger:${receiptId}`, async (tx) => {
          const shard = journalPartition(stableShard(receiptId, JOURNAL_SHARDS));
          const key = `${DAY}${new Date(at).toISOString().slice(0, 10)}`;
          const day = (await tx.get<JournalDay>(shard, key))?.value ?? { totals: {} };
          for (const entry of entries) {
            const totals = (day.totals[entry.currency] ??= { issued: zero(), used: zero(), refunded: zero() });
            add(totals[entry.flow], entry);
          }
          tx.put(shard, key, day);
        });
        await transact(this.store, async (tx) => {
          if (await tx.get(partition, doc.key)) tx.delete(partition, doc.key);
        });
        posted++;
      }
      if (!page.cursor) return posted;
    }
  }

  /** Totals of every currency over every day up to and including `at` (YYYY-MM-DD, UTC). */
  async report(at: string): Promise<PaidCurrencyReport> {
    const totals = new Map<string, CurrencyTotals>();
    for (let shard = 0; shard < JOURNAL_SHARDS; shard++) {
      let cursor: string | undefined;
      do {
        const page = await this.store.query<JournalDay>(journalPartition(shard), { prefix: DAY, limit: 1000, cursor });
        for (const doc of page.items) {
          if (doc.key.slice(DAY.length) > at) break;
          for (const [currency, flows] of Object.entries(doc.value.totals)) {
            if (!totals.has(currency)) totals.set(currency, { issued: zero(), used: zero(), refunded: zero(), outstanding: zero() });
            const sum = totals.get(currency)!;
            for (const flow of ['issued', 'used', 'refunded'] as const) add(sum[flow], flows[flow]);
          }
        }
        cursor = page.items.some((doc) => doc.key.slice(DAY.length) > at) ? undefined : page.cursor;
      } while (cursor);
    }
    const currencies = [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, sum]) => {
      const outstanding = { quantity: sum.issued.quantity - sum.used.quantity - sum.refunded.quantity, value: sum.issued.value - sum.used.value - sum.refunded.value };
      return { currency, ...sum, outstanding };
    });
    return { at, currencies };
  }
}
