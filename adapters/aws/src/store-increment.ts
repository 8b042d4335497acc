import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CommitUnknown, Conflict, notANumber } from '@kumo/core';
import { callDynamo, isLostResponse, type AwsError } from './store-errors';
import { conditionOf, LIVE_FILTER } from './store-ttl';

/**
 * Puts a step inside the SDK's retry loop, around each send of `command`: a send whose answer is
 * lost (timeout, reset, 5xx) becomes `CommitUnknown`, which the SDK does not retry, so an increment
 * is never applied twice. Throttling still reaches the retry loop: DynamoDB applied nothing.
 */
function sentOnce<C extends UpdateCommand | PutCommand>(command: C): C {
  (command as UpdateCommand).middlewareStack.add(
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
 * 0) + :n, v = v + 1`, conditioned on a live item), sent once (see `sentOnce`). DynamoDB applies
 * concurrent updates of one item one after another, without conflicts. An absent or expired item
 * fails the condition; it is then created (sent once too) by a conditional put, and if another writer created it
 * first, the update runs again. A field that holds no number fails the update with a
 * `ValidationException`: `invalid_increment`.
 */
export async function incrementItem(documents: DynamoDBDocumentClient, request: IncrementRequest): Promise<number> {
  const { table, partition, key, field, amount, now } = request;
  const Key = { pk: partition, sk: key };
  for (;;) {
    const update = sentOnce(
      new UpdateCommand({
      TableName: table,
      Key,
      UpdateExpression: 'SET #doc.#f = if_not_exists(#doc.#f, :zero) + :n, v = v + :one',
      ConditionExpression: `attribute_exists(pk) AND (${LIVE_FILTER})`,
      ExpressionAttributeNames: { '#doc': 'doc', '#f': field },
      ExpressionAttributeValues: { ':zero': 0, ':n': amount, ':one': 1, ':now': now },
      ReturnValues: 'UPDATED_NEW',
      }),
    );
    try {
      const { Attributes } = await callDynamo(() => documents.send(update));
      return Number((Attributes?.doc as Record<string, unknown>)[field]);
    } catch (error) {
      if (isWrongType(error)) throw notANumber(partition, key, field);
      if (!(error instanceof Conflict)) throw error;
    }
    const create = sentOnce(new PutCommand({ TableName: table, Item: { ...Key, v: 1, doc: { [field]: amount } }, ...conditionOf(null, now) }));
    try {
      await callDynamo(() => documents.send(create));
      return amount;
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
    }
  }
}

/** Whether DynamoDB refused an update because an operand is not a number. */
function isWrongType(error: unknown): boolean {
  const aws = error as AwsError;
  return aws.name === 'ValidationException' && /data type|operand/i.test(aws.message ?? '');
}
