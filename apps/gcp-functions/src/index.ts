import { cloudEvent, http } from '@google-cloud/functions-framework';
import { coreModule, createContainer, purchaseSettingsFromEnv, purchaseSettingsModule } from '@kumo/core';
import { createGcpPorts, gcpModule } from '@kumo/adapter-gcp';
import { gcpConfigFromEnv } from './config';
import { createFunctions } from './functions';
import { functionsAccessLog } from './access-log';

const config = gcpConfigFromEnv();
const ports = createGcpPorts(config);
const container = createContainer(gcpModule(ports), coreModule(), purchaseSettingsModule(purchaseSettingsFromEnv()));
const functions = createFunctions(container, ports.queue, { log: functionsAccessLog(process.env, config.projectId) });

http('api', functions.api);
cloudEvent('jobs', functions.jobs);
