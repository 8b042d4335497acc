import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ConsumptionMeter } from '@kumo/core';
import { itemBytes } from './item-size';

/** DynamoDB calls that accept `ReturnConsumedCapacity`, and whether each bills read or write units. */
const METERED_COMMANDS: Readonly<Record<string, 'read' | 'write'>> = {
  GetItemCommand: 'read',
  BatchGetItemCommand: 'read',
  QueryCommand: 'read',
  ScanCommand: 'read',
  TransactGetItemsCommand: 'read',
  PutItemCommand: 'write',
  UpdateItemCommand: 'write',
  DeleteItemCommand: 'write',
  BatchWriteItemCommand: 'write',
  TransactWriteItemsCommand: 'write',
};

/** One `ConsumedCapacity` entry, as every metered call returns it (a list for batch and transaction calls). */
interface ConsumedCapacity {
  CapacityUnits?: number;
}

/** Cancellation reasons under which DynamoDB evaluated the transaction's items (not throttling or validation). */
const EVALUATED_REASONS = new Set(['ConditionalCheckFailed', 'TransactionConflict']);

/** What the meter reads of a failed write: the error, and the item a condition failed on if asked for (`ALL_OLD`). */
interface FailedWrite {
  name?: string;
  Item?: Record<string, AttributeValue>;
  CancellationReasons?: Array<{ Code?: string; Item?: Record<string, AttributeValue> }>;
}

/** A write of an item: 1 WCU per started KB, at least 1. */
const writeUnits = (item: Record<string, AttributeValue> | undefined) => Math.max(1, Math.ceil((item ? itemBytes(item) : 0) / 1024));

/**
 * Write units a failed write consumed, which DynamoDB bills but does not return (the error carries
 * no `ConsumedCapacity`).
 * - A conditional PutItem, UpdateItem or DeleteItem whose condition is false: "DynamoDB still
 *   consumes write capacity from the table": 1 WCU if the item does not exist, else by the size
 *   of the item, at least 1 ("Capacity units consumed by conditional writes",
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.ConditionalWrites.ReturnConsumedCapacity).
 * - A TransactWriteItems cancelled on a failed condition or a conflict: "DynamoDB performs two
 *   underlying reads or writes of every item in the transaction: one to prepare the transaction and
 *   one to commit the transaction" ("Capacity management for transactions",
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-capacity-handling),
 *   so 2 × the item's write units for each item.
 * The item's size is the one the error returns (`ReturnValuesOnConditionCheckFailure: ALL_OLD`),
 * else the item a Put sends, else 1 KB (a delete or condition check names only the key). A
 * transaction cancelled for throttling, validation or size is not counted: DynamoDB did not run it.
 */
function unreportedWriteUnits(command: string, input: Record<string, unknown>, error: FailedWrite): number {
  if (error.name === 'ConditionalCheckFailedException' && METERED_COMMANDS[command] === 'write') return writeUnits(error.Item ?? (input.Item as Record<string, AttributeValue> | undefined));
  if (error.name !== 'TransactionCanceledException' || command !== 'TransactWriteItemsCommand') return 0;
  const reasons = error.CancellationReasons ?? [];
  if (!reasons.some((reason) => EVALUATED_REASONS.has(reason.Code ?? ''))) return 0;
  const items = (input.TransactItems ?? []) as Array<{ Put?: { Item?: Record<string, AttributeValue> } }>;
  return items.reduce((sum, item, i) => sum + 2 * writeUnits(reasons[i]?.Item ?? item.Put?.Item), 0);
}

/**
 * Makes every metered call of `client` (and of the document clients made from it, which share its
 * middleware) ask for `ReturnConsumedCapacity: 'TOTAL'` and records the answer's `CapacityUnits`
 * on `meter`: `readCapacityUnits` for reads (1 per 4 KB strongly consistent; 2 per 4 KB in a
 * transaction), `writeCapacityUnits` for writes (1 per 1 KB; 2 per 1 KB of each item of a
 * TransactWriteItems, condition checks included). A failed conditional write and a transaction
 * cancelled on a condition or conflict report no capacity but are billed: their write units are
 * counted from the request's items by the documented rules (see `unreportedWriteUnits`), once per
 * call as sent after the SDK's retries. Adds two middlewares; call it once per client.
 */
export function meterDynamoClient(client: DynamoDBClient, meter: ConsumptionMeter): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const kind = METERED_COMMANDS[context.commandName ?? ''];
      if (!kind) return next(args);
      const input = args.input as { ReturnConsumedCapacity?: string };
      const result = await next({ ...args, input: { ...input, ReturnConsumedCapacity: input.ReturnConsumedCapacity ?? 'TOTAL' } });
      const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity;
      const units = [consumed ?? []].flat().reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
      meter.record('store', kind === 'read' ? 'readCapacityUnits' : 'writeCapacityUnits', units);
      return result;
    },
    { step: 'initialize', name: 'kumoConsumptionMeter', override: true },
  );
  // At the build step the input is in DynamoDB's attribute-value form, also for document clients.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const units = unreportedWriteUnits(context.commandName ?? '', args.input as Record<string, unknown>, error as FailedWrite);
        if (units > 0) meter.record('store', 'writeCapacityUnits', units);
        throw error;
      }
    },
    { step: 'build', name: 'kumoFailedWriteMeter', override: true },
  );
}
