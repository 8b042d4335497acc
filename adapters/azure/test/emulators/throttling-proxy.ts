import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** An HTTPS proxy in front of the Cosmos DB emulator that answers some requests with 429. */
export interface ThrottlingProxy {
  endpoint: string;
  /** Requests answered with 429 so far. */
  throttled: number;
  /** How many of the next matching requests to throttle (Infinity: all). */
  throttleNext(count: number, matches: (method: string, url: string, headers: Record<string, unknown>) => boolean): void;
  close(): Promise<void>;
}

/**
 * cosmosdb-server never throttles, so the throttling path is tested by putting this proxy
 * between the real SDK and the emulator: it answers chosen requests exactly as Cosmos DB does
 * when a partition runs out of request units (HTTP 429, `x-ms-retry-after-ms`, the service's
 * message) and forwards the rest, rewriting the account's advertised endpoint to itself so the
 * SDK's endpoint discovery keeps talking through it. It reuses the emulator's self-signed certificate.
 */
export async function startThrottlingProxy(upstream: string, retryAfterMs: number): Promise<ThrottlingProxy> {
  const certDir = dirname(createRequire(import.meta.url).resolve('@vercel/cosmosdb-server/package.json'));
  const target = new URL(upstream);
  let remaining = 0;
  let matches: Parameters<ThrottlingProxy['throttleNext']>[1] = () => false;
  const proxy: ThrottlingProxy = {
    endpoint: '',
    throttled: 0,
    throttleNext(count, predicate) {
      remaining = count;
      matches = predicate;
    },
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
  const server = https.createServer({ cert: readFileSync(join(certDir, 'cert.pem')), key: readFileSync(join(certDir, 'key.pem')) }, (req, res) => {
    if (remaining > 0 && matches(req.method ?? '', req.url ?? '', req.headers)) {
      remaining -= 1;
      proxy.throttled += 1;
      req.resume();
      res.writeHead(429, { 'content-type': 'application/json', 'x-ms-retry-after-ms': String(retryAfterMs), 'x-ms-substatus': '3200' });
      res.end(JSON.stringify({ code: 'TooManyRequests', message: 'Request rate is large. More Request Units may be needed, so no changes were made. Please retry this request later.' }));
      return;
    }
    const forward = https.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host }, rejectUnauthorized: false },
      (upstreamRes) => {
        if (req.url !== '/') {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          return void upstreamRes.pipe(res);
        }
        const chunks: Buffer[] = [];
        upstreamRes.on('data', (chunk: Buffer) => chunks.push(chunk));
        upstreamRes.on('end', () => {
          const account = Buffer.concat(chunks).toString('utf8').replaceAll(`${target.origin}/`, `${proxy.endpoint}/`);
          res.writeHead(upstreamRes.statusCode ?? 502, { ...upstreamRes.headers, 'content-length': Buffer.byteLength(account) });
          res.end(account);
        });
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
