export { DynamoStore, dynamoStoreCapabilities, type DynamoStoreOptions } from './store';
export { createTable, tableDefinition } from './table';
export { SqsQueue, sqsQueueCapabilities, type SqsQueueOptions } from './queue';
export { sqsQueueName, type SqsQueueName } from './queue-names';
export { LoggingMobilePush } from './mobile-push';
export { awsModule, capabilities, createAwsPorts, type AwsConfig, type AwsPorts } from './module';
