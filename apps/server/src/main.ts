import { backendConfigFromEnv } from './backend-config';
import { devPurchaseSettings } from './dev-purchases';
import { devSecrets } from './dev-secrets';
import { startLocalBackend } from './local-backend';

const { secrets, generatedAdminKey } = devSecrets();
const backend = await startLocalBackend({
  port: Number(process.env.PORT ?? 8080),
  hostname: process.env.HOST,
  secrets,
  purchases: await devPurchaseSettings(),
  backend: backendConfigFromEnv(),
});

console.log(`Kumo is listening on ${backend.url}`);
console.log(`Data lives in ${backend.dataLocation}`);
console.log(`OpenAPI document: ${backend.url}/openapi.json`);
console.log(`Management console: ${backend.url}/console/`);
if (generatedAdminKey) console.log(`Admin key for this run (set KUMO_ADMIN_KEY to choose one): ${generatedAdminKey}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void backend.stop().then(() => process.exit(0)));
}
