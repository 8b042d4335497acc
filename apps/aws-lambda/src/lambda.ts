import { handle } from 'hono/aws-lambda';
import { capabilities } from '@kumo/adapter-aws/light';
import { coreModule, createApp, createContainer, decoratePorts, envSecrets, lazyPorts, portsModule, purchaseSettingsFromEnv, purchaseSettingsModule, type Telemetry } from '@kumo/core';
import { lambdaAccessLog } from './access-log';
import { installLightFetch } from './light-fetch';
import { awsConfigFromEnv, type LambdaEnv } from './config';
import { presenceHandler } from './presence';
import { sqsHandler } from './sqs';

/**
 * Builds the function's three entry points on the AWS adapter set: `http` (the one Hono app behind
 * API Gateway HTTP API v2, REST API v1 and function URLs), `sqs` (queue jobs) and `presence`
 * (IoT Core lifecycle events → presence records, for `KUMO_PUSH=iot-data`). Secrets come from
 * `KUMO_TOKEN_SECRET` and `KUMO_ADMIN_KEY`; App Store and Google Play settings from `KUMO_APPLE_*`,
 * `KUMO_GOOGLE_*` and `KUMO_REFUND_POLICY` (`purchaseSettingsFromEnv`); where the access log goes
 * and where 5xx alerts go from `KUMO_LOG_FIREHOSE_STREAM` and `KUMO_ALERT_SLACK_WEBHOOK` (`lambdaAccessLog`).
 * The AWS SDK clients (and the MQTT connection) are created on the first call that needs them, so
 * a cold start answering a request that needs no backend call does not even load the SDK.
 * With `telemetry` (`telemetryFromEnv` of `@kumo/adapter-otel`), traces and metrics are flushed
 * before each HTTP invocation returns, after the access log, and before each SQS batch returns.
 * Requests and responses are the light Fetch API classes of `installLightFetch`, installed for the process.
 */
export function createLambda(env: LambdaEnv, telemetry?: Telemetry) {
  installLightFetch();
  const config = awsConfigFromEnv(env);
  const ports = lazyPorts({ capabilities, queueDepth: true, bulkWrites: true }, () => import('./aws-ports').then((aws) => aws.createAwsPorts({ ...config, meter: telemetry?.consumption })));
  const container = createContainer(portsModule(ports, capabilities), decoratePorts(telemetry?.ports ?? {}), coreModule({ secrets: envSecrets(env) }), purchaseSettingsModule(purchaseSettingsFromEnv(env)));
  const log = lambdaAccessLog(env);
  const http = handle(createApp(container, { accessLog: log?.accessLog, telemetry }));
  const sqs = sqsHandler(container, config.queuePrefix ?? '');
  return {
    http: (async (event, context) => {
      try {
        return await http(event, context);
      } finally {
        await log?.flush();
        await telemetry?.flush();
      }
    }) as typeof http,
    sqs: async (event: Parameters<typeof sqs>[0]) => {
      try {
        return await sqs(event);
      } finally {
        await telemetry?.flush();
      }
    },
    presence: presenceHandler(ports.store),
    /** Closes the SDK clients and the MQTT connection, if any (tests; Lambda just freezes the process). */
    close: () => ports.close(),
  };
}
