export { DynamoStore, type DynamoStoreOptions } from './store';
export { createTable, tableDefinition } from './table';
export { meterDynamoClient } from './consumption';
export { SqsQueue, type SqsQueueOptions } from './queue';
export { sqsQueueName, type SqsQueueName } from './queue-names';
export { LoggingMobilePush } from './mobile-push';
export { SnsMobilePush, type SnsMobilePushOptions } from './sns-mobile-push';
export { capabilities, dynamoStoreCapabilities, sqsQueueCapabilities } from './capabilities';
export { awsModule, createAwsPorts, type AwsConfig, type AwsBaseConfig, type AwsPorts, type IotDataConfig, type SnsConfig } from './module';
export { IotCorePush, type IotCorePushOptions } from './iot-push';
export {
  recordPresence,
  hasLiveConnection,
  InvalidLifecycleEvent,
  PRESENCE_PREFIX,
  CLOSED_RECORD_RETENTION_MS,
  type LifecycleEvent,
  type PresenceRecord,
  type PresenceOutcome,
} from './presence-records';
export { playerClientId, parsePlayerClientId, InvalidClientId, PLAYER_CLIENT_ID_PREFIX, MAX_CLIENT_ID_BYTES } from './iot-client-id';
export { FirehoseLogSink, type FirehoseLogConfig } from './firehose-log-sink';
