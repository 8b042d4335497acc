import { cloudEvent, http, type CloudEvent } from '@google-cloud/functions-framework';
import { coreModule, createContainer, decoratePorts, lazyPorts, portsModule, purchaseSettingsFromEnv, purchaseSettingsModule } from '@kumo/core';
import { capabilities } from '@kumo/adapter-gcp/light';
import { telemetryFromEnv } from '@kumo/adapter-otel';
import { gcpConfigFromEnv } from './config';
import { createFunctions, type MessagePublishedData } from './functions';
import { functionsAccessLog } from './access-log';

// The Datastore, Pub/Sub and broker clients load and connect on the first call that needs them,
// so a cold start answering a request that needs no backend call does not load them.
const config = gcpConfigFromEnv();
/** The telemetry settings, read once (OpenTelemetry is imported only when `KUMO_OTEL` asks for it). */
const telemetryLoaded = telemetryFromEnv(process.env);
const ports = lazyPorts({ capabilities, sweepsExpired: true, sessions: true }, async () => {
  const [gcp, telemetry] = await Promise.all([import('./gcp-ports'), telemetryLoaded]);
  return gcp.createGcpPorts({ ...config, meter: telemetry?.consumption });
});
/** Built once the telemetry settings are read. */
const functions = telemetryLoaded.then((telemetry) => {
  const container = createContainer(portsModule(ports, capabilities), decoratePorts(telemetry?.ports ?? {}), coreModule(), purchaseSettingsModule(purchaseSettingsFromEnv()));
  return createFunctions(container, async () => (await ports.loaded()).queue, { log: functionsAccessLog(process.env, config.projectId), telemetry });
});

http('api', async (request, response) => (await functions).api(request, response));
cloudEvent<MessagePublishedData>('jobs', async (event: CloudEvent<MessagePublishedData>) => (await functions).jobs(event));
