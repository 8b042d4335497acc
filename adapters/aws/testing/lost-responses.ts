import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Which responses `loseResponses` drops: for one command, how many, or every send of the first transaction. */
export interface LostResponses {
  /** SDK command name, e.g. `PutItemCommand`, `TransactWriteItemsCommand`. */
  command: string;
  /**
   * `timeout`: the response is replaced by a socket timeout, which the SDK retries (each retry is
   * a new send of the same request). `inProgress`: every send of the first transaction (its
   * `ClientRequestToken`) answers `TransactionInProgressException`, however often it is sent.
   */
  as: 'timeout' | 'inProgress';
  /** With `timeout`: how many responses to drop (default 1). */
  times?: number;
}

/**
 * Makes the real SDK client lose responses of a real backend (DynamoDB Local): the request is
 * sent and applied, then the answer is replaced by a transport error. A fault at the HTTP layer,
 * not a mock: every call still reaches the backend. Returns how many responses it dropped.
 */
export function loseResponses(client: DynamoDBClient, lost: LostResponses): () => number {
  let dropped = 0;
  let token: string | undefined;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== lost.command) return next(args);
      const input = args.input as { ClientRequestToken?: string };
      if (lost.as === 'timeout' && dropped >= (lost.times ?? 1)) return next(args);
      if (lost.as === 'inProgress' && (token ??= input.ClientRequestToken) !== input.ClientRequestToken) return next(args);
      await next(args).catch(() => undefined);
      dropped++;
      if (lost.as === 'timeout') throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' });
      throw Object.assign(new Error('Transaction is ongoing for the idempotency token'), { name: 'TransactionInProgressException', $metadata: { httpStatusCode: 400 } });
    },
    { step: 'deserialize', priority: 'high', name: 'kumoLoseResponses' },
  );
  return () => dropped;
}
