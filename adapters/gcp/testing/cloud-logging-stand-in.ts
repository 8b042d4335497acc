import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One entry the stand-in received. */
export interface ReceivedLogEntry {
  logName: string;
  severity?: string | number;
  resource?: { type: string };
  jsonPayload?: Record<string, unknown>;
}

/** A running stand-in for the Cloud Logging REST API. */
export interface CloudLoggingStandIn {
  port: number;
  /** Entries written, the SDK's own instrumentation entry left out. */
  readonly entries: ReceivedLogEntry[];
  /** The bearer tokens the requests carried. */
  readonly tokens: string[];
  /** While true, every write answers 503. */
  unavailable: boolean;
  stop(): Promise<void>;
}

/**
 * A HAND-WRITTEN stand-in for the Cloud Logging API over REST (`POST /v2/entries:write`, the
 * transport `@google-cloud/logging` uses with `fallback: 'rest'`); there is no Cloud Logging
 * emulator. It keeps the entries (log name from the entry or the request) and answers `{}`.
 */
export async function startCloudLoggingStandIn(): Promise<CloudLoggingStandIn> {
  const entries: ReceivedLogEntry[] = [];
  const tokens: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      if (request.method !== 'POST' || !request.url?.startsWith('/v2/entries:write')) return void response.writeHead(404).end();
      if (standIn.unavailable) return void response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":503,"status":"UNAVAILABLE"}}');
      tokens.push(String(request.headers.authorization));
      const written = JSON.parse(body) as { logName?: string; entries: Array<ReceivedLogEntry & { logName?: string }> };
      for (const entry of written.entries) {
        if (entry.jsonPayload && 'logging.googleapis.com/diagnostic' in entry.jsonPayload) continue;
        entries.push({ ...entry, logName: entry.logName ?? written.logName ?? '' });
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const standIn: CloudLoggingStandIn = {
    port: (server.address() as AddressInfo).port,
    entries,
    tokens,
    unavailable: false,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return standIn;
}
