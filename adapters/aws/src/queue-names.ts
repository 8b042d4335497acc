import { deadLetterQueueName, Unsupported } from '@kumo/core';

const FIFO = '.fifo';
const DLQ_SUFFIX = deadLetterQueueName('');

/**
 * How a Kumo queue name maps onto SQS. Names ending in `.fifo` are FIFO queues (deduplication,
 * no per-message delay); the others are standard queues. A dead-letter queue keeps the kind of
 * its queue, so `orders.fifo-dlq` is the SQS queue `orders-dlq.fifo`.
 */
export interface SqsQueueName {
  /** The SQS queue name, with the configured prefix. */
  physical: string;
  fifo: boolean;
  /** Whether this is a dead-letter queue (created without a redrive policy of its own). */
  deadLetter: boolean;
}

/** Maps a Kumo queue name to its SQS queue; throws `Unsupported` for names SQS cannot hold. */
export function sqsQueueName(name: string, prefix = ''): SqsQueueName {
  const deadLetter = name.endsWith(DLQ_SUFFIX);
  const base = deadLetter ? name.slice(0, -DLQ_SUFFIX.length) : name;
  const fifo = base.endsWith(FIFO);
  const stem = `${prefix}${fifo ? base.slice(0, -FIFO.length) : base}${deadLetter ? DLQ_SUFFIX : ''}`;
  const physical = `${stem}${fifo ? FIFO : ''}`;
  if (!/^[A-Za-z0-9_-]+$/.test(stem) || physical.length > 80) {
    throw new Unsupported(`SQS queue names hold up to 80 letters, digits, '-' and '_': ${JSON.stringify(physical)}`);
  }
  return { physical, fifo, deadLetter };
}
