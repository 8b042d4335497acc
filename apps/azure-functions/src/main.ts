import { app } from '@azure/functions';
import { capabilities } from '@kumo/adapter-azure/light';
import { telemetryFromEnv } from '@kumo/adapter-otel';
import { coreModule, createContainer, decoratePorts, envSecrets, lazyPorts, portsModule, purchaseSettingsFromEnv, purchaseSettingsModule } from '@kumo/core';
import { azureConfigFromEnv } from './config';
import { registerFunctions } from './functions';
import { functionsAccessLog } from './access-log';

/**
 * The deployed entry (bundled to dist/main.mjs, package.json `main`): streams HTTP bodies, registers
 * every function. The Azure SDK clients are created on the first call that needs the backend
 * (`lazyPorts`), so a cold start does not parse them.
 */
app.setup({ enableHttpStream: true });
const telemetry = await telemetryFromEnv(process.env);
const config = azureConfigFromEnv(process.env);
const ports = lazyPorts({ capabilities, queueDepth: true }, () =>
  import('@kumo/adapter-azure').then((azure) => azure.createAzurePorts({ ...config, cosmos: { ...config.cosmos, meter: telemetry?.consumption } })),
);
const container = createContainer(
  portsModule(ports, capabilities),
  decoratePorts(telemetry?.ports ?? {}),
  coreModule({ secrets: envSecrets(process.env) }),
  purchaseSettingsModule(purchaseSettingsFromEnv(process.env)),
);
registerFunctions(app, container, { log: functionsAccessLog(process.env), telemetry });
