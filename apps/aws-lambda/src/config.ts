import { randomBytes } from 'node:crypto';
import type { AwsConfig, SnsConfig } from '@kumo/adapter-aws';
import { KumoError } from '@kumo/core';

/** Environment variables the function reads (set by template.yaml). */
export type LambdaEnv = Record<string, string | undefined>;

/**
 * The AWS adapter configuration from the environment:
 * - `KUMO_TABLE` (required): the DynamoDB table.
 * - `KUMO_PUSH` (optional): `mqtt` (default) or `iot-data`.
 *   - `mqtt`: a persistent MQTT connection per function instance (`MqttPush`).
 *     `KUMO_MQTT_URL` (required): the broker, e.g. `mqtts://<iot-endpoint>:8883`.
 *     `KUMO_MQTT_CERT` / `KUMO_MQTT_KEY` (optional): PEM certificate and key of the IoT thing the
 *     function connects as (resolve them from Secrets Manager in the template, never commit them).
 *   - `iot-data`: the IoT Core data-plane HTTP API (`IotCorePush`), no connection held; presence
 *     from the records the `presence` handler writes. `KUMO_IOT_ENDPOINT` (required): the
 *     `iot:Data-ATS` endpoint, as a host name or an `https://` URL.
 * - `KUMO_PUSH_CLIENT_URL` (optional): the broker URL game clients connect to (e.g.
 *   `wss://<iot-endpoint>/mqtt`), answered by `GET /v1/push/connection`; without it that route is 501.
 * - `KUMO_QUEUE_PREFIX` (optional): prefix of every SQS queue name.
 * - `KUMO_DYNAMODB_ENDPOINT`, `KUMO_SQS_ENDPOINT` (optional): emulator endpoints for local runs.
 * - Mobile push through Amazon SNS (optional; without it notifications for offline players are
 *   logged and dropped): `KUMO_SNS_FCM_APPLICATION_ARN` (a platform application of platform GCM)
 *   and/or `KUMO_SNS_APNS_APPLICATION_ARN` (APNS or APNS_SANDBOX); `KUMO_SNS_ENDPOINT` overrides
 *   the SNS endpoint. The FCM and APNs credentials live in the platform applications, not here.
 * With `mqtt` the function connects to the broker with the client id `kumo-server-<random>`.
 * The region and credentials come from the Lambda runtime (`AWS_REGION`, the execution role).
 */
export function awsConfigFromEnv(env: LambdaEnv): AwsConfig {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new KumoError('internal', 'misconfigured', `set ${name}`);
    return value;
  };
  const base = {
    region: env.AWS_REGION,
    tableName: required('KUMO_TABLE'),
    queuePrefix: env.KUMO_QUEUE_PREFIX ?? '',
    dynamoEndpoint: env.KUMO_DYNAMODB_ENDPOINT,
    sqsEndpoint: env.KUMO_SQS_ENDPOINT,
    sns: snsConfigFromEnv(env),
  };
  const push = env.KUMO_PUSH || 'mqtt';
  if (push === 'iot-data') {
    const endpoint = required('KUMO_IOT_ENDPOINT');
    return { ...base, iotData: { endpoint: endpoint.includes('://') ? endpoint : `https://${endpoint}`, clientUrl: env.KUMO_PUSH_CLIENT_URL } };
  }
  if (push !== 'mqtt') throw new KumoError('internal', 'misconfigured', 'KUMO_PUSH is mqtt or iot-data');
  const cert = env.KUMO_MQTT_CERT;
  const key = env.KUMO_MQTT_KEY;
  return {
    ...base,
    mqtt: { url: required('KUMO_MQTT_URL'), clientUrl: env.KUMO_PUSH_CLIENT_URL, client: { clientId: `kumo-server-${randomBytes(6).toString('hex')}`, ...(cert && key ? { cert, key } : {}) } },
  };
}

/** SNS mobile push from `KUMO_SNS_*`, or undefined when no platform application is named. */
function snsConfigFromEnv(env: LambdaEnv): SnsConfig | undefined {
  const { KUMO_SNS_FCM_APPLICATION_ARN: fcm, KUMO_SNS_APNS_APPLICATION_ARN: apns } = env;
  if (!fcm && !apns) return undefined;
  return { platformApplications: { ...(fcm ? { fcm } : {}), ...(apns ? { apns } : {}) }, endpoint: env.KUMO_SNS_ENDPOINT };
}
