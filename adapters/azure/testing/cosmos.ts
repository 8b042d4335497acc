import { fileURLToPath } from 'node:url';
import { startNodeProcess } from './child-process';

/** A running `@vercel/cosmosdb-server` (HTTPS, self-signed certificate, accepts any key). */
export interface CosmosServer {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts `@vercel/cosmosdb-server` as a child process on a free port, with transactional batches
 * made atomic as on Cosmos DB (see atomic-cosmosdb-server.mjs).
 */
export async function startCosmosServer(): Promise<CosmosServer> {
  const script = fileURLToPath(new URL('./atomic-cosmosdb-server.mjs', import.meta.url));
  const started = await startNodeProcess('cosmosdb-server', script, ['--host', '127.0.0.1', '--port', '0'], /connections at [\d.]+:(\d+)/);
  return { endpoint: `https://127.0.0.1:${started.match[1]}`, stop: started.stop };
}
