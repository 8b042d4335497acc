import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { IoTDataPlaneClient } from '@aws-sdk/client-iot-data-plane';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { ContainerModule } from 'inversify';
import { MqttPush, type MqttPushOptions } from '@kumo/adapter-mqtt';
import { portsModule, type Clock, type ConsumptionMeter, type DevicePlatform, type MobilePush, type Push, type QueueSettings } from '@kumo/core';
import { playerClientId } from './iot-client-id';
import { IotCorePush } from './iot-push';
import { LoggingMobilePush } from './mobile-push';
import { SnsMobilePush } from './sns-mobile-push';
import { capabilities } from './capabilities';
import { meterDynamoClient } from './consumption';
import { SqsQueue } from './queue';
import { DynamoStore } from './store';

/**
 * Configuration of the AWS adapter set. Credentials come from the default chain unless given.
 * Push is either `mqtt` (a persistent MQTT connection, presence from retained messages) or
 * `iotData` (the IoT Core data-plane HTTP API, presence from lifecycle-event records): exactly one.
 * Either way game clients get player client ids (`playerClientId`) from `connection`.
 */
export type AwsConfig = AwsBaseConfig & ({ mqtt: MqttPushOptions; iotData?: never } | { iotData: IotDataConfig; mqtt?: never });

/** Push through the IoT Core data plane (`IotCorePush`). */
export interface IotDataConfig {
  /** `https://<prefix>-ats.iot.<region>.amazonaws.com` (`aws iot describe-endpoint --endpoint-type iot:Data-ATS`). */
  endpoint: string;
  /** Topic prefix (default `kumo`). */
  topicPrefix?: string;
  /** The broker URL game clients connect to (`wss://<endpoint host>/mqtt`), answered by `GET /v1/push/connection`. */
  clientUrl?: string;
}

/** Amazon SNS mobile push: the platform applications device tokens get endpoints in. */
export interface SnsConfig {
  /** Platform application ARN per device platform (`fcm`: platform GCM; `apns`: APNS or APNS_SANDBOX). */
  platformApplications: Partial<Record<DevicePlatform, string>>;
  /** SNS endpoint override (a local stand-in). */
  endpoint?: string;
}

/** The settings every AWS adapter set has, whatever its push. */
export interface AwsBaseConfig {
  region?: string;
  credentials?: DynamoDBClientConfig['credentials'];
  /** The Kumo table (see `tableDefinition`). */
  tableName: string;
  /** DynamoDB endpoint override (DynamoDB Local). */
  dynamoEndpoint?: string;
  /** SQS endpoint override (an SQS-compatible server). */
  sqsEndpoint?: string;
  /** Prepended to every SQS queue name (e.g. `prod-`). */
  queuePrefix?: string;
  queue?: QueueSettings;
  /** Mobile push for offline users through Amazon SNS (`SnsMobilePush`); ignored when `mobilePush` is given. */
  sns?: SnsConfig;
  /** Mobile push for offline users; default: SNS when `sns` is set, else `LoggingMobilePush` (a logging no-op). */
  mobilePush?: MobilePush;
  /** Clock that judges document expiry (default: the system clock; tests move it). */
  clock?: Clock;
  /** Records the capacity every DynamoDB call consumed (`meterDynamoClient`), e.g. the telemetry's `consumption` (on the store spans). */
  meter?: ConsumptionMeter;
}

/** The AWS adapter's ports, for callers that need a handle (closing, tests). */
export interface AwsPorts {
  store: DynamoStore;
  queue: SqsQueue;
  push: Push & { close(): Promise<void> };
  mobilePush: MobilePush;
  /** Closes the SDK clients and the MQTT connection, if any. */
  close(): Promise<void>;
}

/** Creates the AWS adapter's ports; an MQTT connection starts at once and completes in the background. */
export function createAwsPorts(config: AwsConfig): AwsPorts {
  const common = { region: config.region, credentials: config.credentials };
  const dynamo = new DynamoDBClient({ ...common, endpoint: config.dynamoEndpoint, maxAttempts: 6 });
  if (config.meter) meterDynamoClient(dynamo, config.meter);
  const sqs = new SQSClient({ ...common, endpoint: config.sqsEndpoint });
  const store = new DynamoStore({ client: dynamo, tableName: config.tableName, clock: config.clock });
  const push = config.iotData
    ? new IotCorePush({ client: new IoTDataPlaneClient({ ...common, endpoint: config.iotData.endpoint }), store, topicPrefix: config.iotData.topicPrefix, clientUrl: config.iotData.clientUrl })
    : new MqttPush({ clientId: (userId) => playerClientId(userId), ...config.mqtt });
  const sns = !config.mobilePush && config.sns ? new SNSClient({ ...common, endpoint: config.sns.endpoint }) : undefined;
  return {
    store,
    queue: new SqsQueue({ client: sqs, settings: config.queue, queuePrefix: config.queuePrefix }),
    push,
    mobilePush: config.mobilePush ?? (sns ? new SnsMobilePush({ client: sns, store, platformApplications: config.sns!.platformApplications }) : new LoggingMobilePush()),
    async close() {
      await push.close();
      dynamo.destroy();
      sqs.destroy();
      sns?.destroy();
    },
  };
}

/** Binds Store, Queue, Push, MobilePush and Capabilities to AWS (pass `ports` to keep a handle on them). */
export function awsModule(config: AwsConfig | AwsPorts): ContainerModule {
  const ports = 'store' in config ? config : createAwsPorts(config);
  return portsModule(ports, capabilities);
}
