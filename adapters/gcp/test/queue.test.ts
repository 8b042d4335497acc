import { afterAll, describe, expect, inject, it } from 'vitest';
import { PubSub } from '@google-cloud/pubsub';
import { describeQueue, receiveAtLeast, unique } from '@kumo/conformance';
import { DatastoreStore, PubSubQueue } from '../src/index';
import { subscriberClient } from '../src/pubsub-client';

const makeQueue = (settings?: ConstructorParameters<typeof PubSubQueue>[0]['settings']) =>
  new PubSubQueue({ projectId: 'kumo-test', apiEndpoint: inject('pubsubHost'), settings });

describeQueue(
  'gcp pubsub (effects on the Datastore emulator)',
  async (settings) => {
    const queue = makeQueue(settings);
    return { queue, close: () => queue.close() };
  },
  async () => {
    const store = new DatastoreStore({ projectId: 'kumo-test', apiEndpoint: inject('datastoreHost') });
    return { store, close: () => store.close() };
  },
);

describe('Pub/Sub queue specifics', () => {
  const queue = makeQueue({ maxAttempts: 5, visibilityTimeoutSeconds: 2 });
  afterAll(() => queue.close());

  it('refuses a queue name Pub/Sub cannot take, before any call', async () => {
    await expect(queue.send('bad name', {})).rejects.toMatchObject({ code: 'invalid_queue_name' });
  });

  it('reports attempts 1 on the dead-letter queue: Pub/Sub counts deliveries only under a dead-letter policy', async () => {
    const q = unique('dlqcount');
    const dlq = `${q}-dlq`;
    await queue.send(dlq, { n: 1 });
    const [first] = await receiveAtLeast(queue, dlq, 1, 10_000, 1);
    const [again] = await receiveAtLeast(queue, dlq, 1, 10_000, 1);
    expect([first?.attempts, again?.attempts]).toEqual([1, 1]);
    await queue.ack(dlq, again!);
  });
});

describe('Pub/Sub emulator gaps (the adapter keeps the service limits itself)', () => {
  const pubsub = new PubSub({ projectId: 'kumo-gaps', apiEndpoint: inject('pubsubHost') });
  const subscriber = subscriberClient(pubsub);
  afterAll(async () => {
    await subscriber.close();
    await pubsub.close();
  });

  it('gap: the emulator accepts an ack deadline under 10 s, which the service refuses', async () => {
    const [topic] = await pubsub.createTopic(unique('gap-ack'));
    const [subscription] = await topic.createSubscription(unique('gap-ack'), { ackDeadlineSeconds: 2 });
    const [metadata] = await subscription.getMetadata();
    expect(metadata.ackDeadlineSeconds).toBe(2);
  });

  it('gap: the emulator accepts modifyAckDeadline over 600 s, which the service refuses', async () => {
    const [topic] = await pubsub.createTopic(unique('gap-mod'));
    const [subscription] = await topic.createSubscription(unique('gap-mod'));
    await topic.publishMessage({ data: Buffer.from('{}') });
    const [response] = await subscriber.pull({ subscription: subscription.name, maxMessages: 1, returnImmediately: true });
    const ackId = response.receivedMessages![0]!.ackId!;
    await expect(subscriber.modifyAckDeadline({ subscription: subscription.name, ackIds: [ackId], ackDeadlineSeconds: 700 })).resolves.toBeDefined();
    await subscriber.acknowledge({ subscription: subscription.name, ackIds: [ackId] });
  });

  it('no gap: the emulator keeps the service bounds of maxDeliveryAttempts (5..100)', async () => {
    const [topic] = await pubsub.createTopic(unique('gap-dl'));
    const deadLetterPolicy = (maxDeliveryAttempts: number) => ({ deadLetterTopic: topic.name, maxDeliveryAttempts });
    await expect(topic.createSubscription(unique('gap-dl'), { deadLetterPolicy: deadLetterPolicy(4) })).rejects.toMatchObject({ code: 11 });
    await expect(topic.createSubscription(unique('gap-dl'), { deadLetterPolicy: deadLetterPolicy(101) })).rejects.toMatchObject({ code: 11 });
  });
});
