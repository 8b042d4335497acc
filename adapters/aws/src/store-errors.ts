import { Conflict, KumoError, Throttled, TooLarge } from '@kumo/core';

const THROTTLING = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'TransactionInProgressException']);
const THROTTLING_REASONS = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded']);
const CONFLICT_REASONS = new Set(['ConditionalCheckFailed', 'TransactionConflict']);

type AwsError = { name?: string; message?: string; CancellationReasons?: Array<{ Code?: string }> };

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
      return new Conflict(error.message);
    case 'TransactionCanceledException': {
      const reasons = reasonsOf(error);
      if (reasons.some((code) => CONFLICT_REASONS.has(code))) return new Conflict('a condition of the transaction failed', { reasons });
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
 * SDK's own retries) and throwing `Throttled` when it persists; other failures are translated
 * to `Conflict` / `TooLarge` or passed through. The call must be idempotent (conditional writes
 * and transactions with a `ClientRequestToken` are).
 */
export async function callDynamo<T>(call: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const aws = error as AwsError;
      if (!isThrottling(aws)) throw translate(aws);
      if (attempt >= attempts) throw new Throttled('DynamoDB kept throttling the request', { error: aws.name, reasons: reasonsOf(aws) });
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2_000, 50 * 2 ** attempt)));
    }
  }
}
