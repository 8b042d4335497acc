/** The Google Cloud adapter set's constructor, in a module of its own: the entry imports it on first use (with the Datastore and Pub/Sub clients). */
export { createGcpPorts } from '@kumo/adapter-gcp';
