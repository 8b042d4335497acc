export { freePort, LOCAL_AWS, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
export { startSqsServer, type SqsServer } from './fauxqs';
