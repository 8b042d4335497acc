import { inject } from 'vitest';
import { SQSClient } from '@aws-sdk/client-sqs';
import { describeQueue } from '@kumo/conformance';
import { SqsQueue } from '../src/index';
import { LOCAL_AWS } from '../src/testing';

describeQueue('aws (SQS on fauxqs)', async (settings) => {
  const client = new SQSClient({ ...LOCAL_AWS, endpoint: inject('sqsEndpoint') });
  return { queue: new SqsQueue({ client, settings }), close: async () => client.destroy() };
});
