import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNodeProcess } from './child-process';

/** Azurite's documented development account (public, the same in every Azurite install). */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A running Azurite queue service. */
export interface AzuriteQueue {
  connectionString: string;
  stop(): Promise<void>;
}

/**
 * Starts Azurite's queue service as a child process on a free port, in memory (run in a
 * scratch directory, since Azurite refuses `--location` with `--inMemoryPersistence`). The SDK's
 * API version (2025-11-05) is one Azurite 3.35 accepts, so no `--skipApiVersionCheck`.
 */
export async function startAzuriteQueue(): Promise<AzuriteQueue> {
  const script = createRequire(import.meta.url).resolve('azurite/dist/src/queue/main.js');
  const workspace = await mkdtemp(join(tmpdir(), 'kumo-azurite-'));
  const started = await startNodeProcess(
    'Azurite queue',
    script,
    ['--queueHost', '127.0.0.1', '--queuePort', '0', '--inMemoryPersistence', '--silent', '--disableTelemetry'],
    /successfully listens on (http:\/\/[\d.]+:\d+)/,
    workspace,
  );
  const endpoint = `${started.match[1]}/${DEV_ACCOUNT}`;
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};QueueEndpoint=${endpoint};`,
    async stop() {
      await started.stop();
      await rm(workspace, { recursive: true, force: true });
    },
  };
}
