/**
 * The part of the Google Cloud adapter that imports no Google client at load
 * (`@kumo/adapter-gcp/light`): what an entry needs at cold start (capabilities, the Pub/Sub topic
 * names, the Cloud Logging sink, whose client loads on first flush) while it imports the adapter
 * set itself on first use. Importing the package root instead loads Datastore and Pub/Sub at start.
 */
export { capabilities, datastoreStoreCapabilities, pubsubQueueCapabilities } from './capabilities';
export { PubSubNames, DELAYED_SUFFIX } from './pubsub-names';
export { CloudLoggingSink, type CloudLoggingConfig } from './cloud-logging-sink';
