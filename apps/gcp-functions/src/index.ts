import { cloudEvent, http } from '@google-cloud/functions-framework';
import { coreModule, createContainer, purchaseSettingsFromEnv, purchaseSettingsModule } from '@kumo/core';
import { createGcpPorts, gcpModule } from '@kumo/adapter-gcp';
import { gcpConfigFromEnv } from './config';
import { createFunctions } from './functions';

const ports = createGcpPorts(gcpConfigFromEnv());
const functions = createFunctions(createContainer(gcpModule(ports), coreModule(), purchaseSettingsModule(purchaseSettingsFromEnv())), ports.queue);

http('api', functions.api);
cloudEvent('jobs', functions.jobs);
