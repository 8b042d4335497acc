import { app } from '@azure/functions';
import { azureModule } from '@kumo/adapter-azure';
import { telemetryFromEnv } from '@kumo/adapter-otel';
import { coreModule, createContainer, decoratePorts, envSecrets, purchaseSettingsFromEnv, purchaseSettingsModule } from '@kumo/core';
import { azureConfigFromEnv } from './config';
import { registerFunctions } from './functions';
import { functionsAccessLog } from './access-log';

/** The deployed entry (bundled to dist/main.mjs, package.json `main`): streams HTTP bodies, registers every function. */
app.setup({ enableHttpStream: true });
const telemetry = await telemetryFromEnv(process.env);
const config = azureConfigFromEnv(process.env);
const container = createContainer(
  azureModule({ ...config, cosmos: { ...config.cosmos, meter: telemetry?.consumption } }),
  decoratePorts(telemetry?.ports ?? {}),
  coreModule({ secrets: envSecrets(process.env) }),
  purchaseSettingsModule(purchaseSettingsFromEnv(process.env)),
);
registerFunctions(app, container, { log: functionsAccessLog(process.env), telemetry });
