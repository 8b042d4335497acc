import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LambdaContext } from 'hono/aws-lambda';
import { startFirehoseStandIn, type FirehoseStandIn } from '@kumo/adapter-aws/testing';
import { createLambda } from '../src/lambda';
import { httpApiV2Event } from './events';

const context = { awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef', functionName: 'kumo' } as LambdaContext;

describe('access log shipped to Kinesis Data Firehose (real SDK, Firehose stand-in)', () => {
  let firehose: FirehoseStandIn;
  let lambda: ReturnType<typeof createLambda>;
  beforeAll(async () => {
    firehose = await startFirehoseStandIn();
    const env = inject('lambdaEnv');
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY });
    lambda = createLambda({ ...env, KUMO_LOG_FIREHOSE_STREAM: 'kumo-access', KUMO_LOG_FIREHOSE_ENDPOINT: firehose.endpoint });
  });
  afterAll(async () => {
    await lambda.close();
    await firehose.stop();
  });

  it('has the record of each request (event and response, credentials redacted) in the stream when the handler returns', async () => {
    const created = (await lambda.http(httpApiV2Event({ method: 'POST', path: '/v1/accounts' }) as never, context)) as { body: string };
    const { userId, secret } = JSON.parse(created.body) as { userId: string; secret: string };
    await lambda.http(httpApiV2Event({ method: 'POST', path: '/v1/auth/login', body: { userId, secret } }) as never, context);
    await lambda.http(httpApiV2Event({ method: 'GET', path: '/v1/wallet/ios', headers: { authorization: 'Bearer not.a.token' } }) as never, context);
    const records = firehose.delivered.get('kumo-access')!.map((line) => JSON.parse(line) as { request: { path: string; headers: Record<string, string>; body?: unknown }; response: { status: number } });
    expect(records.map((record) => [record.request.path, record.response.status])).toEqual([
      ['/v1/accounts', 201],
      ['/v1/auth/login', 200],
      ['/v1/wallet/ios', 401],
    ]);
    expect(records[1]!.request.body).toEqual({ userId, secret: '[redacted]' });
    expect(records[2]!.request.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(records)).not.toContain(secret);
  });
});
