import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** The running stand-in and the connection string the real `@azure/web-pubsub` SDK uses for it. */
export interface WebPubSubStandIn {
  connectionString: string;
  close(): Promise<void>;
}

/**
 * A HAND-WRITTEN stand-in for Azure Web PubSub (no emulator exists on npm). It speaks only what
 * the Kumo adapter uses, as the service does:
 * - `HEAD /api/hubs/{hub}/users/{userId}` (the SDK's `userExists`): 200 if the user has a live
 *   connection, else 404;
 * - `POST /api/hubs/{hub}/users/{userId}/:send` (the SDK's `sendToUser`): 202, and the body goes to
 *   every connection of the user as one text frame;
 * - client WebSockets on `/client/hubs/{hub}?access_token=...` (the URL `getClientAccessToken`
 *   returns), with the user taken from the token's `sub`.
 * Every REST call must carry the SDK's HS256 bearer token and every client its access token,
 * both checked against the access key. Anything else answers 404.
 */
export async function startWebPubSubStandIn(): Promise<WebPubSubStandIn> {
  const accessKey = randomBytes(32).toString('base64');
  const users = new Map<string, Set<WebSocket>>();
  const sockets = new WebSocketServer({ noServer: true });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const match = url.pathname.match(/^\/api\/hubs\/([^/]+)\/users\/([^/]+)(\/:send)?$/);
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!verifyToken(token, accessKey)) return void res.writeHead(401).end();
    if (!match) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":"NotFound"}');
    const connections = users.get(`${match[1]}/${decodeURIComponent(match[2]!)}`);
    if (req.method === 'HEAD' && !match[3]) return void res.writeHead(connections?.size ? 200 : 404).end();
    if (req.method !== 'POST' || !match[3]) return void res.writeHead(405).end();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      for (const socket of connections ?? []) socket.send(text);
      res.writeHead(202).end();
    });
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const hub = url.pathname.match(/^\/client\/hubs\/([^/]+)$/)?.[1];
    const claims = verifyToken(url.searchParams.get('access_token') ?? '', accessKey);
    if (!hub || typeof claims?.sub !== 'string') return void socket.destroy();
    const userId = claims.sub;
    sockets.handleUpgrade(req, socket, head, (ws) => {
      const key = `${hub}/${userId}`;
      let set = users.get(key);
      if (!set) users.set(key, (set = new Set()));
      set.add(ws);
      ws.on('close', () => {
        set.delete(ws);
        if (set.size === 0) users.delete(key);
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    connectionString: `Endpoint=http://127.0.0.1:${port};AccessKey=${accessKey};Version=1.0;`,
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Checks an HS256 JWT signed with the access key and not expired; returns its claims. */
function verifyToken(token: string, key: string): { sub?: unknown } | undefined {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return undefined;
  const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown; exp?: number };
  return claims.exp === undefined || claims.exp * 1000 > Date.now() ? claims : undefined;
}
