import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LambdaContext } from 'hono/aws-lambda';
import { telemetryFromEnv } from '@kumo/adapter-otel';
import { startOtlpReceiver, type OtlpReceiver } from '@kumo/adapter-otel/testing';
import { createLambda } from '../src/lambda';
import { MOBILE_PUSH_QUEUE } from '@kumo/core';
import { httpApiV2Event, sqsEvent } from './events';

const context = { awsRequestId: 'd7bf0bd7-8c72-22f7-0b52-04d0deadbeef', functionName: 'kumo' } as LambdaContext;

describe('traces and metrics over OTLP (in-process receiver), DynamoDB Local behind the store spans', () => {
  let receiver: OtlpReceiver;
  let lambda: ReturnType<typeof createLambda>;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const env = inject('lambdaEnv');
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY });
    lambda = createLambda(env, await telemetryFromEnv({ KUMO_OTEL: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_SERVICE_NAME: 'kumo-lambda' }));
  });
  afterAll(async () => {
    await lambda?.close();
    await receiver?.close();
  });

  it('has the request span, its store calls as children and the request metric at the receiver when the handler returns', async () => {
    const created = (await lambda.http(httpApiV2Event({ method: 'POST', path: '/v1/accounts' }) as never, context)) as { statusCode: number };
    expect(created.statusCode).toBe(201);
    const request = receiver.spans().find((span) => span.name === 'POST /v1/accounts' && span.service === 'kumo-lambda')!;
    expect(request.attributes['http.response.status_code']).toBe(201);
    const storeCalls = receiver.spans().filter((span) => span.parentSpanId === request.spanId && span.name.startsWith('store.'));
    expect(storeCalls.map((span) => span.name)).toContain('store.commit');
    const commit = storeCalls.find((span) => span.name === 'store.commit')!;
    expect(commit.attributes['kumo.store.consumed.write_capacity_units']).toBeGreaterThan(0);
    const metric = receiver.points().find((point) => point.metric === 'http.server.request.duration' && point.attributes['http.route'] === '/v1/accounts');
    expect(metric?.count).toBe(1);
  });

  it('has a span per SQS job, in the trace its message carries, at the receiver when the handler returns', async () => {
    const [traceId, sender] = ['7df92f3577b34da6a3ce929d0e0e4736', '10f067aa0ba902b7'];
    const body = { userId: 'u1', event: { type: 'inbox.new', data: {} }, kumoTraceparent: `00-${traceId}-${sender}-01` };
    const response = await lambda.sqs(sqsEvent([[`test-${MOBILE_PUSH_QUEUE}`, JSON.stringify(body)]]));
    expect(response.batchItemFailures).toEqual([]);
    const job = receiver.spans().find((span) => span.name === `job ${MOBILE_PUSH_QUEUE}` && span.service === 'kumo-lambda');
    expect(job).toMatchObject({ traceId, parentSpanId: sender, attributes: { 'messaging.destination.name': MOBILE_PUSH_QUEUE } });
  });
});
