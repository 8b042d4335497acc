import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env';
import { bearer, jsonResponse, problems, ProblemSchema } from '../http/schemas';
import { Unsupported } from '../ports/errors';
import type { Push } from '../ports/push';

const PushConnectionSchema = z
  .object({
    protocol: z.enum(['websocket', 'mqtt', 'webpubsub']),
    url: z.string().openapi({ example: 'ws://127.0.0.1:8080/v1/push' }),
    topic: z.string().optional().openapi({ description: "MQTT: the user's events topic to subscribe to (QoS 0)" }),
    presenceTopic: z.string().optional().openapi({ description: "MQTT: this connection's retained presence topic (set on connect, cleared by a Last Will)" }),
    clientId: z.string().optional().openapi({ description: 'MQTT: the client id to connect with' }),
    expiresAt: z.number().int().optional().openapi({ description: 'When the credential in `url` expires (ms since the epoch)' }),
    tokenParameter: z.string().optional().openapi({ description: "WebSocket: the query parameter that carries the caller's own access token" }),
  })
  .openapi('PushConnection');

const getConnection = createRoute({
  method: 'get',
  path: '/v1/push/connection',
  operationId: 'getPushConnection',
  tags: ['push'],
  security: bearer,
  summary: "How this player's game client connects for live push (negotiate): protocol, URL and, for MQTT, topics and client id",
  responses: {
    200: jsonResponse('How to connect', PushConnectionSchema),
    ...problems(401, 403),
    501: { description: 'The push backend cannot tell clients how to connect', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

/** The player's negotiate route: `GET /v1/push/connection`. */
export function pushConnectionRoutes(app: OpenAPIHono<AppEnv>, push: Push): void {
  app.openapi(getConnection, async (c) => {
    if (!push.connection) throw new Unsupported('this push backend cannot tell clients how to connect');
    return c.json(await push.connection(c.get('principal').userId), 200);
  });
}
