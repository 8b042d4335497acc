import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LambdaContext } from 'hono/aws-lambda';
import { playerClientId } from '@kumo/adapter-aws';
import { startIotDataStandIn, type IotDataStandIn } from '@kumo/adapter-aws/testing';
import { topicLayout } from '@kumo/adapter-mqtt';
import { INBOX_PUSH_EVENT } from '@kumo/core';
import { createLambda } from '../src/lambda';
import { httpApiV2Event, lifecycleEvent, type HttpRequest } from './events';

const env = inject('lambdaEnv');
Object.assign(process.env, { AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY });
const context = { awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef', functionName: 'kumo' } as LambdaContext;

/**
 * `KUMO_PUSH=iot-data`: the function pushes through the IoT data-plane API (here a hand-written
 * stand-in endpoint, see `startIotDataStandIn`) and knows who is online from the records its
 * presence handler writes from IoT Core lifecycle events.
 */
describe('Lambda presence handler with KUMO_PUSH=iot-data (DynamoDB Local, data-plane stand-in)', () => {
  let standIn: IotDataStandIn;
  let lambda: ReturnType<typeof createLambda>;
  beforeAll(async () => {
    standIn = await startIotDataStandIn();
    lambda = createLambda({ ...env, KUMO_MQTT_URL: undefined, KUMO_PUSH: 'iot-data', KUMO_IOT_ENDPOINT: standIn.endpoint });
  });
  afterAll(async () => {
    await lambda.close();
    await standIn.stop();
  });

  const call = async (request: HttpRequest) => {
    const result = (await lambda.http(httpApiV2Event(request) as never, context)) as { statusCode: number; body: string };
    return { status: result.statusCode, json: JSON.parse(result.body) as Record<string, unknown> };
  };

  it('records connects and disconnects; the inbox push goes to the data plane only while the player is connected', async () => {
    const account = await call({ method: 'POST', path: '/v1/accounts' });
    const userId = account.json.userId as string;
    const admin = (await call({ method: 'POST', path: '/v1/admin/auth', body: { adminKey: env.KUMO_ADMIN_KEY } })).json.token as string;
    const gift = (title: string) => call({ method: 'POST', path: `/v1/admin/users/${userId}/inbox`, headers: { authorization: `Bearer ${admin}` }, body: { title } });
    const clientId = playerClientId(userId);
    const topic = topicLayout().events(userId);
    const toPlayer = () => standIn.published.filter((publish) => publish.topic === topic);

    expect(await lambda.presence(lifecycleEvent('connected', clientId, 1_700_000_000_000))).toBe('recorded');
    expect((await gift('welcome')).status).toBe(201);
    expect(toPlayer()).toHaveLength(1);
    expect(toPlayer()[0]).toMatchObject({ qos: 1 });
    expect(JSON.parse(toPlayer()[0]!.body)).toMatchObject({ type: INBOX_PUSH_EVENT, data: { title: 'welcome' } });

    expect(await lambda.presence(lifecycleEvent('disconnected', clientId, 1_700_000_060_000))).toBe('recorded');
    expect(await lambda.presence(lifecycleEvent('connected', clientId, 1_700_000_000_000))).toBe('stale');
    expect((await gift('while away')).status).toBe(201);
    expect(toPlayer()).toHaveLength(1);
  });

  it('ignores clients that are not players and drops payloads that are not lifecycle events', async () => {
    expect(await lambda.presence(lifecycleEvent('connected', 'kumo-server-0a1b2c3d4e5f', 1_700_000_000_000))).toBe('not-a-player');
    expect(await lambda.presence({ clientId: 'kumo-u-x-1', eventType: 'subscribed', timestamp: 1_700_000_000_000, topics: ['a'] })).toBe('invalid');
  });
});
