import { QueueServiceClient } from '@azure/storage-queue';
import { unique } from '@kumo/conformance';
import { describe, expect, inject, it } from 'vitest';
import { InvalidQueueName, StorageQueue } from '../src/index';

describe('Storage Queue on Azurite: Azure specifics', () => {
  const queue = () => StorageQueue.fromConnectionString(inject('storageConnectionString'));

  it('refuses names Azure Storage cannot hold, before any call', async () => {
    for (const name of ['Jobs', 'a', 'has_underscore', 'double--hyphen', '-edge', 'x'.repeat(60)]) {
      await expect(queue().send(name, {})).rejects.toBeInstanceOf(InvalidQueueName);
    }
  });

  it('stores bodies as base64 JSON, the encoding Azure Functions queue triggers read', async () => {
    const name = unique('encoding');
    await queue().send(name, { job: 'grant', amount: 5 });
    const raw = QueueServiceClient.fromConnectionString(inject('storageConnectionString')).getQueueClient(name);
    const { peekedMessageItems } = await raw.peekMessages();
    expect(JSON.parse(Buffer.from(peekedMessageItems[0]!.messageText, 'base64').toString('utf8'))).toEqual({ job: 'grant', amount: 5 });
  });
});
