import { telemetryFromEnv } from '@kumo/adapter-otel';
import { backendConfigFromEnv } from './backend-config';
import { devPurchaseSettings } from './dev-purchases';
import { devSecrets } from './dev-secrets';
import { startLocalBackend } from './local-backend';

/** The process exits within this long after SIGTERM or SIGINT, whatever is still open. */
const EXIT_DEADLINE_MS = 10_000;

const { secrets, generatedAdminKey } = devSecrets();
const backend = await startLocalBackend({
  port: Number(process.env.PORT ?? 8080),
  hostname: process.env.HOST,
  secrets,
  purchases: await devPurchaseSettings(),
  backend: backendConfigFromEnv(),
  telemetry: await telemetryFromEnv(process.env),
});

console.log(`Kumo is listening on ${backend.url}`);
console.log(`Data lives in ${backend.dataLocation}`);
console.log(`OpenAPI document: ${backend.url}/openapi.json`);
console.log(`Management console: ${backend.url}/console/`);
if (generatedAdminKey) console.log(`Admin key for this run (set KUMO_ADMIN_KEY to choose one): ${generatedAdminKey}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight requests, then stopping`);
    setTimeout(() => process.exit(1), EXIT_DEADLINE_MS).unref();
    void backend.stop(EXIT_DEADLINE_MS - 2_000).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('stop failed:', error);
        process.exit(1);
      },
    );
  });
}
