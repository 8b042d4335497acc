import { inject } from 'vitest';
import { describeServices, unique } from '@kumo/conformance';
import { createGcpPorts, gcpModule } from '../src/index';

describeServices('gcp (Datastore, Pub/Sub, MQTT)', async () => {
  const ports = createGcpPorts({
    projectId: 'kumo-test',
    datastore: { apiEndpoint: inject('datastoreHost'), namespace: unique('services') },
    pubsub: { apiEndpoint: inject('pubsubHost'), prefix: `${unique('svc')}-`, settings: { maxAttempts: 5, visibilityTimeoutSeconds: 10 } },
    mqtt: { url: inject('mqttUrl') },
  });
  return { module: gcpModule(ports), close: () => ports.close() };
});
