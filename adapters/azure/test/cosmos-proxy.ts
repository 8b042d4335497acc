import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Which requests a rule applies to. */
export type RequestMatcher = (req: IncomingMessage) => boolean;

/** Matches the SDK's transactional batch requests. */
export const isBatch: RequestMatcher = (req) => req.method === 'POST' && String(req.headers['x-ms-cosmos-is-batch-request']).toLowerCase() === 'true';

/** An HTTPS proxy in front of the Cosmos DB emulator that can throttle requests or act before one. */
export interface CosmosProxy {
  endpoint: string;
  /** Requests answered with 429 so far. */
  throttled: number;
  /** Answers the next `count` matching requests with 429 (Infinity: all of them until changed). */
  throttleNext(count: number, matches: RequestMatcher): void;
  /** Runs `action` (e.g. a concurrent write) just before the next matching request is forwarded. */
  beforeNext(matches: RequestMatcher, action: () => Promise<unknown>): void;
  /** Forwards the next matching request, lets the emulator answer, then drops the connection instead of the answer. */
  loseNextResponse(matches: RequestMatcher): void;
  close(): Promise<void>;
}

/**
 * Puts itself between the real SDK and the emulator, for what the emulator cannot do on its own:
 * - throttling (cosmosdb-server never throttles): chosen requests are answered as Cosmos DB does
 *   when a partition runs out of request units (HTTP 429, `x-ms-retry-after-ms`, its message);
 * - races: a write can be slipped in between the store's read and its batch, deterministically;
 * - lost responses: a request is applied by the emulator, then its connection is dropped.
 * Everything else is forwarded unchanged, except that the account's advertised endpoint is
 * rewritten to the proxy so the SDK's endpoint discovery keeps talking through it. It reuses the
 * emulator's self-signed certificate.
 */
export async function startCosmosProxy(upstream: string, retryAfterMs: number): Promise<CosmosProxy> {
  const certDir = dirname(createRequire(import.meta.url).resolve('@vercel/cosmosdb-server/package.json'));
  const target = new URL(upstream);
  let throttle: { remaining: number; matches: RequestMatcher } = { remaining: 0, matches: () => false };
  let before: { matches: RequestMatcher; action: () => Promise<unknown> } | undefined;
  let lose: RequestMatcher | undefined;
  const proxy: CosmosProxy = {
    endpoint: '',
    throttled: 0,
    throttleNext: (remaining, matches) => void (throttle = { remaining, matches }),
    beforeNext: (matches, action) => void (before = { matches, action }),
    loseNextResponse: (matches) => void (lose = matches),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  const forward = (req: IncomingMessage, res: ServerResponse, lost = false) => {
    const upstreamReq = https.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host }, rejectUnauthorized: false },
      (upstreamRes) => {
        if (lost) return void upstreamRes.resume().on('end', () => res.socket?.destroy());
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
    upstreamReq.on('error', () => res.destroy());
    req.pipe(upstreamReq);
  };

  const server = https.createServer({ cert: readFileSync(join(certDir, 'cert.pem')), key: readFileSync(join(certDir, 'key.pem')) }, (req, res) => {
    if (throttle.remaining > 0 && throttle.matches(req)) {
      throttle.remaining -= 1;
      proxy.throttled += 1;
      req.resume();
      res.writeHead(429, { 'content-type': 'application/json', 'x-ms-retry-after-ms': String(retryAfterMs), 'x-ms-substatus': '3200' });
      res.end(JSON.stringify({ code: 'TooManyRequests', message: 'Request rate is large. More Request Units may be needed, so no changes were made. Please retry this request later.' }));
      return;
    }
    if (lose?.(req)) {
      lose = undefined;
      return forward(req, res, true);
    }
    const hook = before?.matches(req) ? before : undefined;
    if (!hook) return forward(req, res);
    before = undefined;
    req.pause();
    hook.action().then(() => forward(req, res), () => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
