export { DynamoStore, dynamoStoreCapabilities, type DynamoStoreOptions } from './store';
export { createTable, tableDefinition } from './table';
export { SqsQueue, sqsQueueCapabilities, type SqsQueueOptions } from './queue';
export { sqsQueueName, type SqsQueueName } from './queue-names';
