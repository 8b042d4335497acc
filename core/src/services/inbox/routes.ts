import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import { DeprecatedRequestIdSchema, IdempotencyKeyHeaders } from '../../http/idempotency-headers';
import { keyedBody } from '../../http/idempotency-key';
import { adminBearer, bearer, jsonBody, jsonResponse, problems, UserIdSchema } from '../../http/schemas';
import { AcquireResultSchema, AmountSchema, CountSchema, ItemIdSchema, PageQuerySchema, SlotSchema } from '../inventory/schemas';
import { ReceiptSchema } from '../wallet/routes';
import { MAX_EXPIRY_SECONDS, MAX_GRANTS } from './inbox-messages';
import type { InboxService } from './inbox-service';

const MessageIdSchema = z.string().regex(/^[0-9a-z]{26}$/, 'a message id is 26 lowercase letters and digits');
const CurrencyGrantSchema = z
  .object({ type: z.literal('currency'), slot: SlotSchema, paid: AmountSchema.default(0), free: AmountSchema.default(0) })
  .refine((grant) => grant.paid + grant.free > 0, { message: 'a currency grant gives a positive paid or free amount' });
const ItemGrantSchema = z.object({ type: z.literal('item'), itemId: ItemIdSchema, count: CountSchema });
const GrantSchema = z.discriminatedUnion('type', [CurrencyGrantSchema, ItemGrantSchema]).openapi('Grant');
const MessageSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    body: z.string(),
    grants: z.array(GrantSchema),
    sentAt: z.number().int(),
    expiresAt: z.number().int(),
    readAt: z.number().int().nullable(),
  })
  .openapi('InboxMessage');
const ReadResultSchema = z
  .object({
    message: MessageSchema,
    granted: z.boolean().openapi({ description: 'true only for the read that applied the grants' }),
    receipts: z.array(ReceiptSchema),
    items: z.array(AcquireResultSchema),
  })
  .openapi('ReadResult');
const MessageParams = z.object({ messageId: MessageIdSchema });

const send = createRoute({
  method: 'post',
  path: '/v1/admin/users/{userId}/inbox',
  operationId: 'sendMessage',
  tags: ['inbox'],
  security: adminBearer,
  summary:
    'Send a message with grants (currency, items) and an expiry; the player gets an inbox.message push. Idempotent per Idempotency-Key: a repeat delivers nothing again, another body with the key is refused with 409 reference_reused',
  request: {
    params: z.object({ userId: UserIdSchema }),
    headers: IdempotencyKeyHeaders,
    body: jsonBody(
      z.object({
        title: z.string().min(1).max(200),
        body: z.string().max(4000).default(''),
        grants: z.array(GrantSchema).max(MAX_GRANTS).default([]),
        expiresInSeconds: z.number().int().min(60).max(MAX_EXPIRY_SECONDS).optional(),
        requestId: DeprecatedRequestIdSchema,
      }),
    ),
  },
  responses: { 201: jsonResponse('The message', MessageSchema), ...problems(400, 401, 403, 404, 409) },
});

const ListQuerySchema = PageQuerySchema.extend({ status: z.enum(['unread', 'read']).default('unread') });
const MessagePageSchema = z.object({ messages: z.array(MessageSchema), cursor: z.string().optional() });

const adminList = createRoute({
  method: 'get',
  path: '/v1/admin/users/{userId}/inbox',
  operationId: 'adminListMessages',
  tags: ['inbox'],
  security: adminBearer,
  summary: "A player's messages, newest first: unread and not expired (default), or read",
  request: { params: z.object({ userId: UserIdSchema }), query: ListQuerySchema },
  responses: { 200: jsonResponse('Messages', MessagePageSchema), ...problems(400, 401, 403) },
});

const list = createRoute({
  method: 'get',
  path: '/v1/inbox',
  operationId: 'listMessages',
  tags: ['inbox'],
  security: bearer,
  summary: 'Messages, newest first: unread and not expired (default), or read',
  request: { query: ListQuerySchema },
  responses: { 200: jsonResponse('Messages', MessagePageSchema), ...problems(400, 401) },
});

const get = createRoute({
  method: 'get',
  path: '/v1/inbox/{messageId}',
  operationId: 'getMessage',
  tags: ['inbox'],
  security: bearer,
  summary: 'One message',
  request: { params: MessageParams },
  responses: { 200: jsonResponse('The message', MessageSchema), ...problems(400, 401, 404) },
});

const read = createRoute({
  method: 'post',
  path: '/v1/inbox/{messageId}/read',
  operationId: 'readMessage',
  tags: ['inbox'],
  security: bearer,
  summary: 'Read a message: grants applied and message marked read in one transaction; a repeat grants nothing. 409 message_expired, inventory_full',
  request: { params: MessageParams },
  responses: { 200: jsonResponse('Read', ReadResultSchema), ...problems(400, 401, 404, 409) },
});

const receiveAll = createRoute({
  method: 'post',
  path: '/v1/inbox/receive-all',
  operationId: 'receiveAllMessages',
  tags: ['inbox'],
  security: bearer,
  summary: 'Read every unread, unexpired message (up to 100, oldest first); those that cannot be opened are listed in failed',
  responses: {
    200: jsonResponse(
      'Received',
      z.object({
        received: z.array(ReadResultSchema),
        failed: z.array(z.object({ messageId: z.string(), code: z.string(), message: z.string() })),
        more: z.boolean(),
      }),
    ),
    ...problems(401),
  },
});

/** Player inbox routes and the admin send and list routes. */
export function inboxRoutes(app: OpenAPIHono<AppEnv>, inbox: InboxService): void {
  app.openapi(send, async (c) => c.json(await inbox.send(c.req.valid('param').userId, keyedBody(c.req.valid('header'), c.req.valid('json'))), 201));
  app.openapi(adminList, async (c) => c.json(await inbox.list(c.req.valid('param').userId, c.req.valid('query')), 200));
  app.openapi(list, async (c) => c.json(await inbox.list(c.get('principal').userId, c.req.valid('query')), 200));
  app.openapi(receiveAll, async (c) => c.json(await inbox.receiveAll(c.get('principal').userId), 200));
  app.openapi(get, async (c) => c.json(await inbox.get(c.get('principal').userId, c.req.valid('param').messageId), 200));
  app.openapi(read, async (c) => c.json(await inbox.read(c.get('principal').userId, c.req.valid('param').messageId), 200));
}
