import { CommitUnknown, Conflict, KumoError, retryWhile, Throttled, TooLarge } from '@kumo/core';

const THROTTLING = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'TransactionInProgressException']);
const THROTTLING_REASONS = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded']);
const CONFLICT_REASONS = new Set(['ConditionalCheckFailed', 'TransactionConflict']);

/** What the adapter reads of a DynamoDB SDK error. */
export type AwsError = {
  name?: string;
  message?: string;
  code?: string;
  CancellationReasons?: Array<{ Code?: string }>;
  $metadata?: { httpStatusCode?: number; attempts?: number };
};

const reasonsOf = (error: AwsError) => (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');

/** Whether DynamoDB asked us to slow down (also inside a cancelled transaction). */
function isThrottling(error: AwsError): boolean {
  if (THROTTLING.has(error.name ?? '')) return true;
  if (error.name !== 'TransactionCanceledException') return false;
  const reasons = reasonsOf(error);
  return reasons.some((code) => THROTTLING_REASONS.has(code)) && !reasons.some((code) => CONFLICT_REASONS.has(code));
}

/** Translates a DynamoDB failure into the port's errors; unknown errors pass through. */
function translate(error: AwsError): unknown {
  switch (error.name) {
    case 'ConditionalCheckFailedException':
    case 'TransactionConflictException':
      return Object.assign(new Conflict(error.message), { cause: error });
    case 'TransactionCanceledException': {
      const reasons = reasonsOf(error);
      if (reasons.some((code) => CONFLICT_REASONS.has(code))) return Object.assign(new Conflict('a condition of the transaction failed', { reasons }), { cause: error });
      if (reasons.includes('ItemCollectionSizeLimitExceeded')) return new TooLarge('the partition exceeds DynamoDB limits', { reasons });
      if (reasons.includes('ValidationError')) return new KumoError('invalid', 'invalid_transaction', 'DynamoDB refused the transaction', { reasons });
      return error;
    }
    case 'ValidationException':
      if (/size/i.test(error.message ?? '')) return new TooLarge(error.message ?? 'item too large');
      return error;
    default:
      return error;
  }
}

/**
 * Runs one DynamoDB call, retrying throttling with jittered exponential backoff (on top of the
 * SDK's own retries) and throwing `Throttled` when it persists; a transaction still in progress
 * after the retries throws `CommitUnknown` (it may yet land); other failures are translated to
 * `Conflict` (the DynamoDB error as its `cause`) / `TooLarge` or passed through. The call must be
 * idempotent (conditional writes and transactions with a `ClientRequestToken` are).
 */
export async function callDynamo<T>(call: () => Promise<T>, attempts = 5): Promise<T> {
  try {
    return await retryWhile(call, (error) => isThrottling(error as AwsError), { attempts, baseDelayMs: 50, maxDelayMs: 2_000 });
  } catch (error) {
    const aws = error as AwsError;
    if (!isThrottling(aws)) throw translate(aws);
    if (aws.name === 'TransactionInProgressException') throw new CommitUnknown('the DynamoDB transaction was still in progress after every retry', { error: aws.name });
    throw new Throttled('DynamoDB kept throttling the request', { error: aws.name, reasons: reasonsOf(aws) });
  }
}

const LOST_RESPONSE_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'InternalServerError', 'ServiceUnavailable']);
const LOST_RESPONSE_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN']);

/**
 * Whether a failed write may still have been applied: no answer came back (timeout, reset
 * connection) or DynamoDB answered 5xx after the SDK's retries.
 */
export function isLostResponse(error: unknown): boolean {
  const aws = error as AwsError;
  if (LOST_RESPONSE_NAMES.has(aws.name ?? '') || LOST_RESPONSE_CODES.has(aws.code ?? '')) return true;
  return (aws.$metadata?.httpStatusCode ?? 0) >= 500;
}
