import { afterAll, describe, expect, inject, it } from 'vitest';
import type { LambdaContext } from 'hono/aws-lambda';
import { MOBILE_PUSH_QUEUE } from '@kumo/core';
import { createLambda } from '../src/lambda';
import { functionUrlEvent, httpApiV2Event, restApiV1Event, sqsEvent, type HttpRequest } from './events';

const env = inject('lambdaEnv');
Object.assign(process.env, { AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY });
const lambda = createLambda(env);
const context = { awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef', functionName: 'kumo' } as LambdaContext;

type Result = { statusCode: number; body: string; headers?: Record<string, string> };

const formats: Array<[string, (request: HttpRequest) => unknown]> = [
  ['API Gateway HTTP API (v2)', httpApiV2Event],
  ['API Gateway REST API (v1)', restApiV1Event],
  ['Lambda function URL', functionUrlEvent],
];

describe('Lambda HTTP handler on DynamoDB Local', () => {
  afterAll(() => lambda.close());

  for (const [name, toEvent] of formats) {
    it(`serves ${name} events: create an account, log in, read the wallet`, async () => {
      const call = async (request: HttpRequest) => {
        const result = (await lambda.http(toEvent(request) as never, context)) as Result;
        return { status: result.statusCode, json: JSON.parse(result.body) as Record<string, unknown> };
      };
      const created = await call({ method: 'POST', path: '/v1/accounts' });
      expect(created.status).toBe(201);
      const login = await call({ method: 'POST', path: '/v1/auth/login', body: { userId: created.json.userId, secret: created.json.secret } });
      expect(login.status).toBe(200);
      const wallet = await call({ method: 'GET', path: '/v1/wallet/ios', headers: { authorization: `Bearer ${login.json.token}` } });
      expect(wallet).toEqual({ status: 200, json: { slot: 'ios', paid: 0, free: 0, total: 0 } });
      const refused = await call({ method: 'GET', path: '/v1/wallet/ios' });
      expect(refused.status).toBe(401);
    });
  }
});

describe('Lambda SQS handler', () => {
  it('runs each record and reports only the failed ones as batchItemFailures', async () => {
    const event = sqsEvent([
      [`test-${MOBILE_PUSH_QUEUE}`, JSON.stringify({ userId: 'u1', event: { type: 'inbox.new', data: {} } })],
      [`test-${MOBILE_PUSH_QUEUE}`, 'not json'],
      ['test-no-such-queue', '{}'],
    ]);
    const response = await lambda.sqs(event);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]!.messageId }, { itemIdentifier: event.Records[2]!.messageId }]);
  });
});
