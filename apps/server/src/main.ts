import { devPurchaseSettings } from './dev-purchases';
import { devSecrets } from './dev-secrets';
import { startLocalBackend } from './local-backend';

const { secrets, generatedAdminKey } = devSecrets();
const backend = await startLocalBackend({ port: Number(process.env.PORT ?? 8080), secrets, purchases: await devPurchaseSettings() });

console.log(`Kumo is listening on ${backend.url} (embedded adapter: data lives in memory)`);
console.log(`OpenAPI document: ${backend.url}/openapi.json`);
console.log(`Management console: ${backend.url}/console/`);
if (generatedAdminKey) console.log(`Admin key for this run (set KUMO_ADMIN_KEY to choose one): ${generatedAdminKey}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void backend.stop().then(() => process.exit(0)));
}
