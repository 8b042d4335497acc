import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import { adminBearer, bearer, jsonBody, jsonResponse, problems } from '../../http/schemas';
import { RequestIdSchema } from '../inventory/schemas';
import type { ChatService } from './chat-service';
import { MAX_MESSAGE_LENGTH, MAX_ROOM_NAME_LENGTH } from './chat-types';

const Id = z.string().regex(/^[0-9a-z]{26}$/, 'an id is 26 lowercase letters and digits');
const RoomParams = z.object({ roomId: Id });
const notBlank = (text: string) => text.trim().length > 0;
const RoomSchema = z.object({ id: z.string(), name: z.string(), createdBy: z.string(), createdAt: z.number().int() }).openapi('ChatRoom');
const MessageSchema = z
  .object({ id: z.string(), roomId: z.string(), userId: z.string(), text: z.string(), at: z.number().int() })
  .openapi('ChatMessage');
const Subscription = jsonResponse('Subscription', z.object({ roomId: z.string(), subscribed: z.boolean() }));

const createRoom = createRoute({
  method: 'post',
  path: '/v1/chat/rooms',
  operationId: 'postChatRooms',
  tags: ['chat'],
  security: bearer,
  summary: 'Create a room; the creator is subscribed',
  request: { body: jsonBody(z.object({ name: z.string().max(MAX_ROOM_NAME_LENGTH).refine(notBlank, 'the name is blank') })) },
  responses: { 201: jsonResponse('Room', RoomSchema), ...problems(400, 401) },
});

const showRoom = createRoute({
  method: 'get',
  path: '/v1/chat/rooms/{roomId}',
  operationId: 'getChatRooms',
  tags: ['chat'],
  security: bearer,
  summary: 'A room',
  request: { params: RoomParams },
  responses: { 200: jsonResponse('Room', RoomSchema), ...problems(400, 401, 404) },
});

const subscribe = createRoute({
  method: 'put',
  path: '/v1/chat/rooms/{roomId}/subscription',
  operationId: 'putChatRoomsSubscription',
  tags: ['chat'],
  security: bearer,
  summary: "Get a `chat.message` push for each new message of the room (mobile push when offline)",
  request: { params: RoomParams },
  responses: { 200: Subscription, ...problems(400, 401, 404) },
});

const unsubscribe = createRoute({
  method: 'delete',
  path: '/v1/chat/rooms/{roomId}/subscription',
  operationId: 'deleteChatRoomsSubscription',
  tags: ['chat'],
  security: bearer,
  summary: "Stop the room's pushes",
  request: { params: RoomParams },
  responses: { 200: Subscription, ...problems(400, 401, 404) },
});

const post = createRoute({
  method: 'post',
  path: '/v1/chat/rooms/{roomId}/messages',
  operationId: 'postChatRoomsMessages',
  tags: ['chat'],
  security: bearer,
  summary: 'Post a message; subscribers are pushed by a queued fan-out, so the post never waits for them. Idempotent per requestId',
  description:
    'With `requestId`, a retried post by the same player returns the first message (201 again) and neither stores nor pushes it twice; ' +
    'the same requestId with a different text is refused with 409 `reference_reused`.',
  request: {
    params: RoomParams,
    body: jsonBody(z.object({ text: z.string().max(MAX_MESSAGE_LENGTH).refine(notBlank, 'the text is blank'), requestId: RequestIdSchema.optional() })),
  },
  responses: { 201: jsonResponse('Message', MessageSchema), ...problems(400, 401, 404, 409) },
});

const list = createRoute({
  method: 'get',
  path: '/v1/chat/rooms/{roomId}/messages',
  operationId: 'getChatRoomsMessages',
  tags: ['chat'],
  security: bearer,
  summary: 'Messages, newest first; pass `cursor` for older ones',
  request: { params: RoomParams, query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50), cursor: z.string().max(500).optional() }) },
  responses: { 200: jsonResponse('Messages', z.object({ messages: z.array(MessageSchema), cursor: z.string().optional() })), ...problems(400, 401, 404) },
});

const remove = createRoute({
  method: 'delete',
  path: '/v1/admin/chat/rooms/{roomId}/messages/{messageId}',
  operationId: 'deleteAdminChatRoomsMessages',
  tags: ['chat'],
  security: adminBearer,
  summary: 'Delete a message (moderation)',
  request: { params: z.object({ roomId: Id, messageId: Id }) },
  responses: { 200: jsonResponse('Deleted', z.object({ deleted: z.boolean() })), ...problems(400, 401, 403, 404) },
});

/** Player chat routes and the admin moderation route. */
export function chatRoutes(app: OpenAPIHono<AppEnv>, chat: ChatService): void {
  app.openapi(createRoom, async (c) => c.json(await chat.createRoom(c.get('principal').userId, c.req.valid('json').name), 201));
  app.openapi(showRoom, async (c) => c.json(await chat.room(c.req.valid('param').roomId), 200));
  app.openapi(subscribe, async (c) => {
    const { roomId } = c.req.valid('param');
    await chat.subscribe(c.get('principal').userId, roomId);
    return c.json({ roomId, subscribed: true }, 200);
  });
  app.openapi(unsubscribe, async (c) => {
    const { roomId } = c.req.valid('param');
    await chat.unsubscribe(c.get('principal').userId, roomId);
    return c.json({ roomId, subscribed: false }, 200);
  });
  app.openapi(post, async (c) => {
    const { text, requestId } = c.req.valid('json');
    return c.json(await chat.post(c.get('principal').userId, c.req.valid('param').roomId, text, requestId), 201);
  });
  app.openapi(list, async (c) => c.json(await chat.messages(c.req.valid('param').roomId, c.req.valid('query')), 200));
  app.openapi(remove, async (c) => {
    const { roomId, messageId } = c.req.valid('param');
    await chat.deleteMessage(roomId, messageId);
    return c.json({ deleted: true }, 200);
  });
}
