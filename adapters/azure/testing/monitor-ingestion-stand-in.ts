import { readFileSync } from 'node:fs';
import https from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** A running stand-in for the Azure Monitor Logs Ingestion API. */
export interface MonitorIngestionStandIn {
  /** `https://127.0.0.1:<port>` (self-signed: use `emulatorAgent`). */
  endpoint: string;
  /** The records received per `<ruleId>/<stream>`. */
  readonly received: Map<string, unknown[]>;
  /** The bearer tokens the requests carried. */
  readonly tokens: string[];
  /** While true, every upload answers 503. */
  unavailable: boolean;
  stop(): Promise<void>;
}

/**
 * A HAND-WRITTEN stand-in for the Azure Monitor Logs Ingestion API (no emulator of it exists):
 * `POST /dataCollectionRules/{ruleId}/streams/{stream}?api-version=…` with a gzip JSON array body
 * and a bearer token, answered 204 as the service does. HTTPS only (the SDK refuses bearer tokens
 * over HTTP), with the self-signed certificate that `@vercel/cosmosdb-server` ships.
 */
export async function startMonitorIngestionStandIn(): Promise<MonitorIngestionStandIn> {
  const certificates = dirname(createRequire(import.meta.url).resolve('@vercel/cosmosdb-server/package.json'));
  const received = new Map<string, unknown[]>();
  const tokens: string[] = [];
  const server = https.createServer({ cert: readFileSync(join(certificates, 'cert.pem')), key: readFileSync(join(certificates, 'key.pem')) }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'https://stand-in');
      const match = /^\/dataCollectionRules\/([^/]+)\/streams\/([^/]+)$/.exec(url.pathname);
      if (request.method !== 'POST' || !match || !url.searchParams.get('api-version')) return void response.writeHead(404).end();
      if (standIn.unavailable) return void response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"ServiceUnavailable"}}');
      tokens.push(String(request.headers.authorization));
      const body = Buffer.concat(chunks);
      const records = JSON.parse((request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8')) as unknown[];
      const key = `${decodeURIComponent(match[1]!)}/${decodeURIComponent(match[2]!)}`;
      received.set(key, [...(received.get(key) ?? []), ...records]);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const standIn: MonitorIngestionStandIn = {
    endpoint: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    tokens,
    unavailable: false,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return standIn;
}
