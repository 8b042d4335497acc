import { cloudEvent, http, type CloudEvent } from '@google-cloud/functions-framework';
import { coreModule, createContainer, decoratePorts, purchaseSettingsFromEnv, purchaseSettingsModule } from '@kumo/core';
import { createGcpPorts, gcpModule } from '@kumo/adapter-gcp';
import { telemetryFromEnv } from '@kumo/adapter-otel';
import { gcpConfigFromEnv } from './config';
import { createFunctions, type MessagePublishedData } from './functions';
import { functionsAccessLog } from './access-log';

const config = gcpConfigFromEnv();
const ports = createGcpPorts(config);
/** Built once the telemetry settings are read (OpenTelemetry is imported only when `KUMO_OTEL` asks for it). */
const functions = telemetryFromEnv(process.env).then((telemetry) => {
  const container = createContainer(gcpModule(ports), decoratePorts(telemetry?.ports ?? {}), coreModule(), purchaseSettingsModule(purchaseSettingsFromEnv()));
  return createFunctions(container, ports.queue, { log: functionsAccessLog(process.env, config.projectId), telemetry });
});

http('api', async (request, response) => (await functions).api(request, response));
cloudEvent<MessagePublishedData>('jobs', async (event: CloudEvent<MessagePublishedData>) => (await functions).jobs(event));
