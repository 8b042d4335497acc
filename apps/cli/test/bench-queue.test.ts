import { describe, expect, inject, it } from 'vitest';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_AWS, startSqsServer } from '@kumo/adapter-aws/testing';
import { EMULATOR_KEY } from '@kumo/adapter-azure/testing';
import { BadAddress } from '../src/backends';
import { openBenchBackend } from '../src/bench/bench-backend';
import { IN_PROCESS_QUEUE, storeAddress } from '../src/bench/bench-queue';
import { BenchMeter } from '../src/bench/meter';
import { runBench } from '../src/bench/run';
import { loadWorkloads } from '../src/bench/workloads';
import { dynamoStore } from './stores';

Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AZURE_COSMOS_KEY: EMULATOR_KEY });

describe("kumo bench drives a cloud's queue named in the address", () => {
  it('runs the jobs through SQS (fauxqs) next to DynamoDB Local: the queues exist there, and their requests are counted', async () => {
    const sqs = await startSqsServer();
    try {
      const { address } = await dynamoStore();
      const gacha = loadWorkloads().get('gacha-event')!;
      const run = await runBench(`${address}&queue=sqs&queueEndpoint=${sqs.endpoint}`, { workload: { ...gacha, players: 6 }, ops: 40, concurrency: 4, seed: 5 });
      expect(run.queueOn).toBe('SQS API on this machine');
      expect(run.backend).not.toContain('queue');
      expect(run.measuredOn).toBe('emulator on this machine');
      expect(run.jobs.handled).toBeGreaterThan(0);
      expect(run.units.queue?.requests).toBeGreaterThan(0);
      const client = new SQSClient({ ...LOCAL_AWS, endpoint: sqs.endpoint });
      const { QueueUrls = [] } = await client.send(new ListQueuesCommand({}));
      client.destroy();
      expect(QueueUrls.some((url) => url.includes('ledger'))).toBe(true);
    } finally {
      await sqs.stop();
    }
  });

  it('keeps the queue in-process without queue=, and refuses a queue of another cloud or without its settings', async () => {
    const meter = new BenchMeter();
    const memory = openBenchBackend('memory', meter);
    expect(memory.queueOn).toBe(IN_PROCESS_QUEUE);
    const host = inject('datastoreHost');
    expect(() => openBenchBackend(`datastore://p?endpoint=${host}&queue=sqs`, meter)).toThrow(BadAddress);
    const saved = process.env.AZURE_STORAGE_CONNECTION_STRING;
    delete process.env.AZURE_STORAGE_CONNECTION_STRING;
    try {
      expect(() => openBenchBackend(`cosmos://127.0.0.1:1/db/c?insecure=true&queue=storage`, meter)).toThrow(/AZURE_STORAGE_CONNECTION_STRING/);
    } finally {
      if (saved !== undefined) process.env.AZURE_STORAGE_CONNECTION_STRING = saved;
    }
    expect(storeAddress('dynamodb://t?region=r&queue=sqs&queueEndpoint=http://127.0.0.1:9&endpoint=http://x')).toBe('dynamodb://t?region=r&endpoint=http://x');
    expect(storeAddress('cosmos://a/db/c?queue=storage')).toBe('cosmos://a/db/c');
  });
});
