import { runJob, type createContainer } from '@kumo/core';

type Container = ReturnType<typeof createContainer>;

/** One record of an SQS event, as Lambda delivers it (the fields Kumo reads). */
export interface SqsRecord {
  messageId: string;
  body: string;
  /** `arn:aws:sqs:<region>:<account>:<queue name>` */
  eventSourceARN: string;
}

/** An SQS event. */
export interface SqsEvent {
  Records: SqsRecord[];
}

/** The partial batch response: only the failed records return to the queue. */
export interface SqsBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/**
 * Handles an SQS batch: runs each record's job (its queue named by the record's source ARN, less
 * `queuePrefix`) and reports the records that failed as `batchItemFailures`, so SQS redelivers
 * only those (the event source mapping must enable `ReportBatchItemFailures`).
 */
export function sqsHandler(container: Container, queuePrefix: string): (event: SqsEvent) => Promise<SqsBatchResponse> {
  return async (event) => {
    const outcomes = await Promise.allSettled(
      event.Records.map(async (record) => {
        const physical = record.eventSourceARN.split(':').at(-1) ?? '';
        const queueName = physical.startsWith(queuePrefix) ? physical.slice(queuePrefix.length) : physical;
        await runJob(container, queueName, JSON.parse(record.body));
      }),
    );
    const batchItemFailures = event.Records.flatMap((record, i) => {
      const outcome = outcomes[i]!;
      if (outcome.status === 'fulfilled') return [];
      console.error(JSON.stringify({ level: 'error', msg: 'job failed', messageId: record.messageId, error: String(outcome.reason) }));
      return [{ itemIdentifier: record.messageId }];
    });
    return { batchItemFailures };
  };
}
