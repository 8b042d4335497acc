import { PutItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { convertToAttr } from '@aws-sdk/util-dynamodb';
import { CommitUnknown, Conflict, notANumber } from '@kumo/core';
import { callDynamo, isLostResponse, type AwsError } from './store-errors';
import { keyOf, numberValue, valueOf, type Item } from './store-item';
import { conditionOf, LIVE_FILTER, liveExpiry } from './store-ttl';

/**
 * Puts a step inside the SDK's retry loop, around each send of `command`: a send whose answer is
 * lost (timeout, reset, 5xx) becomes `CommitUnknown`, which the SDK does not retry, so an increment
 * is never applied twice. Throttling still reaches the retry loop: DynamoDB applied nothing.
 */
function sentOnce<C extends UpdateItemCommand | PutItemCommand>(command: C): C {
  (command as UpdateItemCommand).middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (isLostResponse(error)) throw new CommitUnknown('no answer from DynamoDB to an increment', { error: (error as AwsError).name });
        throw error;
      }
    },
    { step: 'finalizeRequest', priority: 'low' },
  );
  return command;
}

/** Where an increment goes and what it adds. */
export interface IncrementRequest {
  table: string;
  partition: string;
  key: string;
  field: string;
  amount: number;
  now: number;
}

/**
 * The Store port's `increment` on DynamoDB: one `UpdateItem` (`SET doc.#f = if_not_exists(doc.#f,
 * 0) + :n, v = v + 1`, conditioned on a live item whose value is the map `doc`), sent once (see
 * `sentOnce`). DynamoDB applies concurrent updates of one item one after another, without
 * conflicts. An absent or expired item fails the condition; it is then created as a map (sent once
 * too) by a conditional put, and if another writer created it first, the update runs again. A live
 * item whose value is JSON text (`j`, as commits write it) fails the condition too: it is rewritten
 * with the same value as a map, at the same version (a conditional put, which changes nothing a
 * reader sees), and the update runs again. A field that holds no number fails the update with a
 * `ValidationException`: `invalid_increment`.
 */
export async function incrementItem(client: DynamoDBClient, request: IncrementRequest): Promise<number> {
  const { table, partition, key, field, amount, now } = request;
  const Key = keyOf(partition, key);
  for (;;) {
    const update = sentOnce(
      new UpdateItemCommand({
        TableName: table,
        Key,
        UpdateExpression: 'SET #doc.#f = if_not_exists(#doc.#f, :zero) + :n, v = v + :one',
        ConditionExpression: `attribute_exists(#doc) AND (${LIVE_FILTER})`,
        ExpressionAttributeNames: { '#doc': 'doc', '#f': field },
        ExpressionAttributeValues: { ':zero': numberValue(0), ':n': numberValue(amount), ':one': numberValue(1), ':now': numberValue(now) },
        ReturnValues: 'UPDATED_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    let old: Item | undefined;
    try {
      const { Attributes } = await callDynamo(() => client.send(update));
      return Number(Attributes!.doc!.M![field]!.N);
    } catch (error) {
      if (isWrongType(error)) throw notANumber(partition, key, field);
      if (!(error instanceof Conflict)) throw error;
      old = (error.cause as { Item?: Item } | undefined)?.Item;
    }
    if (old && liveExpiry(old, now).live) {
      await rewriteAsMap(client, table, old);
      continue;
    }
    const create = sentOnce(new PutItemCommand({ TableName: table, Item: { ...Key, v: numberValue(1), doc: { M: { [field]: numberValue(amount) } } }, ...conditionOf(null, now) }));
    try {
      await callDynamo(() => client.send(create));
      return amount;
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
    }
  }
}

/** Puts `item` again with its value as the map `doc` in place of JSON text, if it is still at its version; a conflict leaves it to the next round. */
async function rewriteAsMap(client: DynamoDBClient, table: string, item: Item): Promise<void> {
  const { j: _text, ...rest } = item;
  const Item = { ...rest, doc: convertToAttr(valueOf(item)) };
  const put = new PutItemCommand({ TableName: table, Item, ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': item.v! } });
  await callDynamo(() => client.send(put)).catch((error: unknown) => {
    if (!(error instanceof Conflict)) throw error;
  });
}

/** Whether DynamoDB refused an update because an operand is not a number. */
function isWrongType(error: unknown): boolean {
  const aws = error as AwsError;
  return aws.name === 'ValidationException' && /data type|operand/i.test(aws.message ?? '');
}
