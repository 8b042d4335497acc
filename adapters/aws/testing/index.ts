export { freePort, LOCAL_AWS, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
export { startSqsServer, type SqsServer } from './fauxqs';
export { startIotDataStandIn, type IotDataStandIn, type RecordedPublish } from './iot-data-stand-in';
export { loseResponses, type LostResponses } from './lost-responses';
export { startFirehoseStandIn, type FirehoseStandIn } from './firehose-stand-in';
export { SnsStandIn, type SnsDelivery } from './sns-stand-in';
