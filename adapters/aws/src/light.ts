/**
 * The part of the AWS adapter that imports no AWS SDK module at load (`@kumo/adapter-aws/light`):
 * what an entry needs at cold start (capabilities, presence records, the Firehose access-log sink,
 * whose client loads on first flush) while it imports the adapter set itself on first use. Importing
 * the package root instead puts every SDK client in the code a cold start parses.
 */
export { capabilities, dynamoStoreCapabilities, sqsQueueCapabilities } from './capabilities';
export { recordPresence, hasLiveConnection, InvalidLifecycleEvent, PRESENCE_PREFIX, CLOSED_RECORD_RETENTION_MS, type LifecycleEvent, type PresenceRecord, type PresenceOutcome } from './presence-records';
export { FirehoseLogSink, type FirehoseLogConfig } from './firehose-log-sink';
