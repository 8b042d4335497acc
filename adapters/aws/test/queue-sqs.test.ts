import { afterAll, describe, expect, inject, it } from 'vitest';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { receiveAtLeast, unique } from '@kumo/conformance';
import { deadLetterQueueName, Unsupported } from '@kumo/core';
import { SqsQueue, sqsQueueName } from '../src/index';
import { LOCAL_AWS } from '../testing';

describe('SqsQueue: FIFO queues, names, existing queues', () => {
  const client = new SQSClient({ ...LOCAL_AWS, endpoint: inject('sqsEndpoint') });
  const queue = new SqsQueue({ client, settings: { maxAttempts: 2, visibilityTimeoutSeconds: 2 } });
  afterAll(() => client.destroy());

  it('deduplicates by dedupeId on a queue named *.fifo', async () => {
    const q = `${unique('orders')}.fifo`;
    await queue.send(q, { n: 1 }, { dedupeId: 'receipt-1' });
    await queue.send(q, { n: 1 }, { dedupeId: 'receipt-1' });
    await queue.send(q, { n: 2 }, { dedupeId: 'receipt-2' });
    const got = await receiveAtLeast(queue, q, 3, 3_000, 30);
    expect(got.map((m) => m.body)).toEqual(expect.arrayContaining([{ n: 1 }, { n: 2 }]));
    expect(got).toHaveLength(2);
    await Promise.all(got.map((m) => queue.ack(q, m)));
  });

  it('dead-letters a FIFO message into the FIFO dead-letter queue', async () => {
    const q = `${unique('poison')}.fifo`;
    await queue.send(q, { poison: true });
    for (let attempt = 1; attempt <= 2; attempt++) {
      const [message] = await receiveAtLeast(queue, q, 1, 10_000, 1);
      expect(message?.attempts).toBe(attempt);
    }
    // SQS moves the message when a receive finds it past maxReceiveCount.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await queue.receive(q, { waitSeconds: 1 })).toEqual([]);
    const dead = await receiveAtLeast(queue, deadLetterQueueName(q), 1, 5_000);
    expect(dead.map((m) => m.body)).toEqual([{ poison: true }]);
  }, 30_000);

  it('refuses a per-message delay on a FIFO queue with Unsupported', async () => {
    await expect(queue.send(`${unique('late')}.fifo`, {}, { delaySeconds: 5 })).rejects.toBeInstanceOf(Unsupported);
  });

  it('maps names onto SQS: FIFO dead-letter queues keep the .fifo suffix, bad names are refused', () => {
    expect(sqsQueueName('orders.fifo-dlq', 'prod-')).toEqual({ physical: 'prod-orders-dlq.fifo', fifo: true, deadLetter: true });
    expect(sqsQueueName('jobs')).toEqual({ physical: 'jobs', fifo: false, deadLetter: false });
    expect(() => sqsQueueName('a/b')).toThrow(Unsupported);
    expect(() => sqsQueueName('x'.repeat(81))).toThrow(Unsupported);
  });

  it('uses a queue that already exists with other settings as it is (declared in a template)', async () => {
    const q = unique('declared');
    await client.send(new CreateQueueCommand({ QueueName: q, Attributes: { VisibilityTimeout: '120' } }));
    await queue.send(q, { n: 1 });
    const [message] = await receiveAtLeast(queue, q, 1);
    expect(message?.body).toEqual({ n: 1 });
    await queue.ack(q, message!);
  });
});
