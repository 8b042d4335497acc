/**
 * The honest hand-written DynamoDB deposit that Kumo's wallet deposit is measured against: the
 * same guarantees with the SDK alone. One consistent GetItem of the balance, then one
 * TransactWriteItems (with a ClientRequestToken, so SDK retries are idempotent): the account must
 * exist, the balance is at the version read, the receipt and the idempotency record are created
 * only if absent. A failed idempotency condition answers the first receipt; a balance conflict is
 * retried with jittered backoff. Σ receipts = balance, and no deposit lands twice.
 */
import { randomUUID } from 'node:crypto';
import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';

/** What the baseline stores per receipt. */
export interface BaselineReceipt {
  id: string;
  slot: string;
  free: number;
  balance: number;
  reference: string;
}

/** A hand-written wallet on one table with Kumo's key schema (`pk`, `sk`). */
export class DynamoBaselineWallet {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly table: string,
  ) {
    this.documents = DynamoDBDocumentClient.from(client);
  }

  /** Creates a player's account item. */
  async createAccount(userId: string): Promise<void> {
    await this.documents.send(new PutCommand({ TableName: this.table, Item: { pk: `u#${userId}`, sk: 'account', createdAt: Date.now() } }));
  }

  /** Credits `free` once per `reference`; a repeat answers the first receipt. */
  async deposit(userId: string, slot: string, reference: string, free: number): Promise<BaselineReceipt> {
    const pk = `u#${userId}`;
    for (let attempt = 1; ; attempt++) {
      const { Item: balance } = await this.documents.send(new GetCommand({ TableName: this.table, Key: { pk, sk: `balance#${slot}` }, ConsistentRead: true }));
      const receipt: BaselineReceipt = { id: randomUUID(), slot, free, balance: ((balance?.free as number) ?? 0) + free, reference };
      const request = JSON.stringify([slot, free]);
      try {
        await this.documents.send(
          new TransactWriteCommand({
            ClientRequestToken: randomUUID(),
            TransactItems: [
              { ConditionCheck: { TableName: this.table, Key: { pk, sk: 'account' }, ConditionExpression: 'attribute_exists(pk)' } },
              {
                Put: {
                  TableName: this.table,
                  Item: { pk, sk: `balance#${slot}`, free: receipt.balance, v: ((balance?.v as number) ?? 0) + 1 },
                  ...(balance ? { ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': balance.v } } : { ConditionExpression: 'attribute_not_exists(pk)' }),
                },
              },
              { Put: { TableName: this.table, Item: { pk, sk: `receipt#${slot}#${receipt.id}`, ...receipt }, ConditionExpression: 'attribute_not_exists(pk)' } },
              { Put: { TableName: this.table, Item: { pk, sk: `ref#${reference}`, receipt: `receipt#${slot}#${receipt.id}`, request }, ConditionExpression: 'attribute_not_exists(pk)' } },
            ],
          }),
        );
        return receipt;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const [account, , , ref] = (error.CancellationReasons ?? []).map((reason) => reason.Code);
        if (account === 'ConditionalCheckFailed') throw new Error(`no user ${userId}`);
        if (ref === 'ConditionalCheckFailed') return this.firstReceipt(pk, reference, request);
        if (attempt >= 40) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(400, 5 * 2 ** attempt)));
      }
    }
  }

  private async firstReceipt(pk: string, reference: string, request: string): Promise<BaselineReceipt> {
    const { Item: ref } = await this.documents.send(new GetCommand({ TableName: this.table, Key: { pk, sk: `ref#${reference}` }, ConsistentRead: true }));
    if (ref?.request !== request) throw new Error(`reference ${reference} reused`);
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.table, Key: { pk, sk: ref.receipt as string }, ConsistentRead: true }));
    return Item as unknown as BaselineReceipt;
  }
}
