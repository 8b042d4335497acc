import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsQueue } from '@kumo/adapter-aws';
import { StorageQueue } from '@kumo/adapter-azure';
import { PubSubQueue } from '@kumo/adapter-gcp';
import type { Queue } from '@kumo/core';
import { BadAddress } from '../backends';

/** The queue a bench's jobs go through, where it runs, and how to let go of its client. */
export interface BenchQueue {
  queue: Queue;
  /** Where the queue runs, for the report: a cloud queue (local or not), or in-process. */
  on: string;
  /** Whether the queue is a cloud service's API (its calls cross the network), not the in-process one. */
  remote: boolean;
  close(): Promise<void>;
}

/** What an in-process queue stands for in a report. */
export const IN_PROCESS_QUEUE = 'in-process (requests counted as the cloud bills them)';

/** Whether an address or host points at this machine (an emulator or a local server). */
export function isLocal(address: string): boolean {
  return /(localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)/.test(address);
}

/**
 * The queue a bench address names with its `queue` parameter, next to the store:
 * - `dynamodb://…&queue=sqs[&queueEndpoint=<url>]`: SQS in the address's region (or at the
 *   endpoint: an SQS-compatible server on this machine);
 * - `datastore://<project>…&queue=pubsub[&queueEndpoint=<host:port>]`: Pub/Sub of the project (or
 *   its emulator);
 * - `cosmos://…&queue=storage`: Azure Storage Queues of the account in
 *   `AZURE_STORAGE_CONNECTION_STRING` (Azurite's or a storage account's; never in the address).
 * Without `queue`, `inProcess` (the memory queue). Throws `BadAddress` for a queue that does not go
 * with the address's cloud or misses its settings.
 */
export function openBenchQueue(address: string, env: NodeJS.ProcessEnv, inProcess: Queue): BenchQueue {
  const url = URL.canParse(address) ? new URL(address) : undefined;
  const kind = url?.searchParams.get('queue');
  if (!url || !kind) return { queue: inProcess, on: IN_PROCESS_QUEUE, remote: false, close: async () => {} };
  const endpoint = url.searchParams.get('queueEndpoint') ?? undefined;
  if (kind === 'sqs' && url.protocol === 'dynamodb:') {
    const region = url.searchParams.get('region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    const client = new SQSClient({ region, endpoint });
    return { queue: new SqsQueue({ client }), on: endpoint && isLocal(endpoint) ? 'SQS API on this machine' : 'SQS', remote: true, close: async () => client.destroy() };
  }
  if (kind === 'pubsub' && url.protocol === 'datastore:') {
    const queue = new PubSubQueue({ projectId: decodeURIComponent(url.hostname), apiEndpoint: endpoint });
    const at = endpoint ?? env.PUBSUB_EMULATOR_HOST;
    return { queue, on: at && isLocal(at) ? 'Pub/Sub emulator on this machine' : 'Pub/Sub', remote: true, close: () => queue.close() };
  }
  if (kind === 'storage' && url.protocol === 'cosmos:') {
    const connection = env.AZURE_STORAGE_CONNECTION_STRING;
    if (!connection) throw new BadAddress('queue=storage reads the storage account from AZURE_STORAGE_CONNECTION_STRING, which is not set');
    return { queue: StorageQueue.fromConnectionString(connection), on: isLocal(connection) ? 'Azurite on this machine' : 'Azure Storage Queues', remote: true, close: async () => {} };
  }
  throw new BadAddress(`queue=${kind} does not go with ${url.protocol}// (dynamodb: queue=sqs, datastore: queue=pubsub, cosmos: queue=storage)`);
}

/** The address without its queue parameters: the store's address. */
export function storeAddress(address: string): string {
  if (!URL.canParse(address) || !/[?&]queue/.test(address)) return address;
  const [base, query] = address.split('?', 2) as [string, string];
  const kept = query.split('&').filter((pair) => !/^queue(Endpoint)?=/.test(pair));
  return kept.length > 0 ? `${base}?${kept.join('&')}` : base;
}
