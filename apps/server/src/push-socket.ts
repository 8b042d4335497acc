import type { Hono } from 'hono';
import { createNodeWebSocket } from '@hono/node-ws';
import type { MemoryPush } from '@kumo/adapter-memory';
import type { AppEnv, TokenService } from '@kumo/core';

/** Path of the local backend's push WebSocket. */
export const PUSH_SOCKET_PATH = '/v1/push';

/**
 * Mounts `GET /v1/push?token=<access token>`: a WebSocket on which the local backend delivers the
 * player's push events as JSON text frames (the local stand-in for IoT Core / Web PubSub topics).
 * Browsers cannot set headers on a WebSocket, hence the token in the query string.
 * Returns the function that attaches the upgrade handler to the Node server.
 */
export function mountPushSocket(app: Hono<AppEnv>, push: MemoryPush, tokens: TokenService) {
  const { upgradeWebSocket, injectWebSocket } = createNodeWebSocket({ app });
  app.get(
    PUSH_SOCKET_PATH,
    upgradeWebSocket(async (c) => {
      const principal = await tokens.verify(c.req.query('token') ?? '');
      let disconnect: (() => void) | undefined;
      return {
        onOpen(_event, socket) {
          disconnect = push.connect(principal.userId, (event) => socket.send(JSON.stringify(event)));
        },
        onClose() {
          disconnect?.();
        },
      };
    }),
  );
  return injectWebSocket;
}
