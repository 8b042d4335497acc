/**
 * The honest hand-written Datastore deposit that Kumo's wallet deposit is measured against: one
 * Datastore transaction: one lookup of account + balance + idempotency record that begins it, and
 * the commit of balance + receipt + record (two calls). A present record answers the first receipt; ABORTED (contention) is
 * retried with jittered backoff. A commit whose answer was lost is retried as a new transaction,
 * which then finds the record: no deposit lands twice.
 */
import { randomUUID } from 'node:crypto';
import type { Datastore, Key } from '@google-cloud/datastore';

const ABORTED = 10;

/** A hand-written wallet on Datastore, one entity group per player. */
export class DatastoreBaselineWallet {
  constructor(private readonly datastore: Datastore) {}

  private key(userId: string, kind: string, name: string): Key {
    return this.datastore.key(['BaselinePlayer', userId, kind, name]);
  }

  /** Creates a player's account entity. */
  async createAccount(userId: string): Promise<void> {
    await this.datastore.save({ key: this.key(userId, 'Account', 'profile'), data: { createdAt: Date.now() } });
  }

  /** Credits `free` once per `reference`; a repeat answers the first receipt. */
  async deposit(userId: string, slot: string, reference: string, free: number): Promise<{ id: string; balance: number }> {
    const request = JSON.stringify([slot, free]);
    for (let attempt = 1; ; attempt++) {
      const transaction = this.datastore.transaction();
      try {
        const keys = [this.key(userId, 'Account', 'profile'), this.key(userId, 'Balance', slot), this.key(userId, 'Ref', reference)];
        const [entities] = await transaction.get(keys);
        const byName = new Map((entities as Array<Record<string | symbol, unknown>>).map((entity) => [(entity[this.datastore.KEY] as Key).kind, entity]));
        if (!byName.has('Account')) throw new Error(`no user ${userId}`);
        const ref = byName.get('Ref');
        if (ref) {
          await transaction.rollback();
          if (ref.request !== request) throw new Error(`reference ${reference} reused`);
          return { id: ref.receipt as string, balance: ref.balance as number };
        }
        const balance = ((byName.get('Balance')?.free as number) ?? 0) + free;
        const id = randomUUID();
        transaction.save([
          { key: keys[1]!, data: { free: balance } },
          { key: this.key(userId, 'Receipt', `${slot}#${id}`), data: { id, slot, free, balance, reference } },
          { key: keys[2]!, data: { receipt: id, request, balance } },
        ]);
        await transaction.commit();
        return { id, balance };
      } catch (error) {
        await transaction.rollback().catch(() => undefined);
        if ((error as { code?: number }).code !== ABORTED || attempt >= 40) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(400, 5 * 2 ** attempt)));
      }
    }
  }
}
