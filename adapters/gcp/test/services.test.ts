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
}, {
  knownGaps: {
    // Open defect of matchmaking on the Datastore emulator: its legacy entity-group contention
    // aborts many of the concurrent joins of these two cases, and the regrouping quick match does
    // not yet reach the bar there (14-16 of 20 in runs where it fails; it passes on memory,
    // DynamoDB Local and cosmosdb-server). Intermittent, so named here rather than left to chance.
    'puts 8 concurrent find-or-create joins in gatherings of exactly their capacity, each player in one':
      'concurrent joins aborted by the emulator entity-group contention (open defect, see the comment)',
    'matches at least 18 of 20 players pressing quick match (capacity 2) at once, each in one gathering; the unmatched may press again':
      'quick match under the emulator entity-group contention (open defect, see the comment)',
  },
});
