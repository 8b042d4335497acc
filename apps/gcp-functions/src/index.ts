import { cloudEvent, http } from '@google-cloud/functions-framework';
import { coreModule, createContainer } from '@kumo/core';
import { createGcpPorts, gcpModule } from '@kumo/adapter-gcp';
import { gcpConfigFromEnv } from './config';
import { createFunctions } from './functions';

const ports = createGcpPorts(gcpConfigFromEnv());
const functions = createFunctions(createContainer(gcpModule(ports), coreModule()), ports.queue);

http('api', functions.api);
cloudEvent('jobs', functions.jobs);
