import { createRequire } from 'node:module';
import { startNodeProcess } from './child-process';

/** A running `@vercel/cosmosdb-server` (HTTPS, self-signed certificate, accepts any key). */
export interface CosmosServer {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts `@vercel/cosmosdb-server` as a child process on a free port. */
export async function startCosmosServer(): Promise<CosmosServer> {
  const script = createRequire(import.meta.url).resolve('@vercel/cosmosdb-server/lib/cli.js');
  const started = await startNodeProcess('cosmosdb-server', script, ['--host', '127.0.0.1', '--port', '0'], /connections at [\d.]+:(\d+)/);
  return { endpoint: `https://127.0.0.1:${started.match[1]}`, stop: started.stop };
}
