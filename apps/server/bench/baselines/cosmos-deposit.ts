/**
 * The honest hand-written Cosmos DB deposit that Kumo's wallet deposit is measured against: the
 * same guarantees with `@azure/cosmos` alone, in one logical partition per player. One point read
 * of the balance, then one transactional batch: a read of the account (a missing item fails the
 * batch), the balance replaced under the ETag read (or created), the receipt and the idempotency
 * record created (409 if present). A taken record answers the first receipt; a changed balance is
 * retried with jittered backoff. Σ receipts = balance, and no deposit lands twice.
 */
import { randomUUID } from 'node:crypto';
import type { Container, JSONObject, OperationInput } from '@azure/cosmos';

/** What the baseline stores per receipt. */
interface BaselineReceipt {
  id: string;
  slot: string;
  free: number;
  balance: number;
  reference: string;
}

/** A hand-written wallet on one container partitioned by `/pk`. */
export class CosmosBaselineWallet {
  constructor(private readonly container: Container) {}

  /** Creates a player's account item. */
  async createAccount(userId: string): Promise<void> {
    await this.container.items.create({ id: 'account', pk: `u#${userId}`, createdAt: Date.now() });
  }

  /** Credits `free` once per `reference`; a repeat answers the first receipt. */
  async deposit(userId: string, slot: string, reference: string, free: number): Promise<BaselineReceipt> {
    const pk = `u#${userId}`;
    const request = JSON.stringify([slot, free]);
    for (let attempt = 1; ; attempt++) {
      const { resource: balance } = await this.container.item(`balance~${slot}`, pk).read<{ free: number; _etag: string }>();
      const receipt: BaselineReceipt = { id: randomUUID(), slot, free, balance: (balance?.free ?? 0) + free, reference };
      const next = { id: `balance~${slot}`, pk, free: receipt.balance };
      const operations: OperationInput[] = [
        { operationType: 'Read', id: 'account', partitionKey: pk },
        balance ? { operationType: 'Replace', id: next.id, partitionKey: pk, resourceBody: next, ifMatch: balance._etag } : { operationType: 'Create', partitionKey: pk, resourceBody: next },
        { operationType: 'Create', partitionKey: pk, resourceBody: { ...receipt, id: `receipt~${slot}~${receipt.id}`, receiptId: receipt.id, pk } as unknown as JSONObject },
        { operationType: 'Create', partitionKey: pk, resourceBody: { id: `ref~${reference}`, pk, receipt: `receipt~${slot}~${receipt.id}`, request } },
      ];
      const { result = [] } = await this.container.items.batch(operations, pk);
      if (result.length === operations.length && result.every((outcome) => outcome.statusCode < 400)) return receipt;
      const [account, , , ref] = result.map((outcome) => outcome.statusCode);
      if (account === 404) throw new Error(`no user ${userId}`);
      if (ref === 409) return this.firstReceipt(pk, reference, request);
      if (attempt >= 40) throw new Error(`deposit kept conflicting: ${result.map((outcome) => outcome.statusCode).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(400, 5 * 2 ** attempt)));
    }
  }

  private async firstReceipt(pk: string, reference: string, request: string): Promise<BaselineReceipt> {
    const { resource: ref } = await this.container.item(`ref~${reference}`, pk).read<{ receipt: string; request: string }>();
    if (ref?.request !== request) throw new Error(`reference ${reference} reused`);
    const { resource } = await this.container.item(ref.receipt, pk).read<BaselineReceipt>();
    return resource!;
  }
}
