import { cloudEvent, http } from '@google-cloud/functions-framework';
import { coreModule, createContainer, lazyPorts, portsModule, purchaseSettingsFromEnv, purchaseSettingsModule } from '@kumo/core';
import { capabilities } from '@kumo/adapter-gcp/light';
import { gcpConfigFromEnv } from './config';
import { createFunctions } from './functions';
import { functionsAccessLog } from './access-log';

// The Datastore, Pub/Sub and broker clients load and connect on the first call that needs them,
// so a cold start answering a request that needs no backend call does not load them.
const config = gcpConfigFromEnv();
const ports = lazyPorts({ capabilities, sweepsExpired: true, sessions: true }, () => import('./gcp-ports').then((gcp) => gcp.createGcpPorts(config)));
const container = createContainer(portsModule(ports, capabilities), coreModule(), purchaseSettingsModule(purchaseSettingsFromEnv()));
const functions = createFunctions(container, async () => (await ports.loaded()).queue, { log: functionsAccessLog(process.env, config.projectId) });

http('api', functions.api);
cloudEvent('jobs', functions.jobs);
