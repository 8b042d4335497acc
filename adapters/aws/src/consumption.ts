import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ConsumptionMeter } from '@kumo/core';

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

/**
 * Makes every metered call of `client` (and of the document clients made from it, which share its
 * middleware) ask for `ReturnConsumedCapacity: 'TOTAL'` and records the answer's `CapacityUnits`
 * on `meter`: `readCapacityUnits` for reads (1 per 4 KB strongly consistent; 2 per 4 KB in a
 * transaction), `writeCapacityUnits` for writes (1 per 1 KB; 2 per 1 KB of each item of a
 * TransactWriteItems, condition checks included). A call that fails reports no capacity, so none is
 * recorded for it. Adds one middleware; call it once per client.
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
}
