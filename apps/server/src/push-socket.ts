import type { Hono } from 'hono';
import { createNodeWebSocket } from '@hono/node-ws';
import type { WSContext } from 'hono/ws';
import type { MemoryPush } from '@kumo/adapter-memory';
import { Forbidden, Unauthorized, type AccountService, type AppEnv, type Clock, type TokenService } from '@kumo/core';

/** Path of the local backend's push WebSocket. */
export const PUSH_SOCKET_PATH = '/v1/push';

/** Close codes of the push WebSocket: the token expired (reconnect with a fresh one), or the server is going away. */
export const PUSH_CLOSE = { tokenExpired: { code: 4001, reason: 'token expired' }, shuttingDown: { code: 1001, reason: 'server shutting down' } } as const;

/** Longest delay a Node timer takes. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The push WebSocket endpoint: attach it to the Node server, and close every socket at shutdown. */
export interface PushSocket {
  injectWebSocket(server: Parameters<ReturnType<typeof createNodeWebSocket>['injectWebSocket']>[0]): void;
  /** Closes every open socket with `PUSH_CLOSE.shuttingDown`. */
  closeAll(): void;
}

/**
 * Mounts `GET /v1/push?token=<access token>`: a WebSocket on which the local backend delivers the
 * player's push events as JSON text frames (the local stand-in for IoT Core / Web PubSub topics).
 * Browsers cannot set headers on a WebSocket, hence the token in the query string (the access
 * log redacts it). Only a live player's token is accepted, and the socket is closed with
 * `PUSH_CLOSE.tokenExpired` when the token expires.
 */
export function mountPushSocket(app: Hono<AppEnv>, push: MemoryPush, tokens: TokenService, accounts: AccountService, clock: Clock): PushSocket {
  const { upgradeWebSocket, injectWebSocket } = createNodeWebSocket({ app });
  const open = new Set<WSContext>();
  app.get(
    PUSH_SOCKET_PATH,
    upgradeWebSocket(async (c) => {
      const principal = tokens.verify(c.req.query('token') ?? '');
      if (principal.role !== 'player') throw new Forbidden('the push socket takes a player token');
      if (!(await accounts.isLive(principal.userId))) throw new Unauthorized('the account of this token no longer exists');
      let disconnect: (() => void) | undefined;
      let expiry: ReturnType<typeof setTimeout> | undefined;
      return {
        onOpen(_event, socket) {
          open.add(socket);
          disconnect = push.connect(principal.userId, (event) => socket.send(JSON.stringify(event)));
          const { code, reason } = PUSH_CLOSE.tokenExpired;
          expiry = setTimeout(() => socket.close(code, reason), Math.min(MAX_TIMER_MS, Math.max(0, principal.expiresAt - clock.now())));
        },
        onClose(_event, socket) {
          open.delete(socket);
          clearTimeout(expiry);
          disconnect?.();
        },
      };
    }),
  );
  return {
    injectWebSocket,
    closeAll() {
      for (const socket of open) socket.close(PUSH_CLOSE.shuttingDown.code, PUSH_CLOSE.shuttingDown.reason);
    },
  };
}
