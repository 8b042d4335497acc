import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import { DeprecatedRequestIdSchema, IdempotencyKeyHeaders } from '../../http/idempotency-headers';
import { keyedBody } from '../../http/idempotency-key';
import { adminBearer, bearer, jsonBody, jsonResponse, problems, UserIdSchema } from '../../http/schemas';
import { ReceiptSchema } from '../wallet/routes';
import { MAX_AMOUNT } from '../wallet/wallet-types';
import type { InventoryService } from './inventory-service';
import { MAX_ITEM_COUNT } from './inventory-types';
import { AcquireResultSchema, CountSchema, ItemIdSchema, PageQuerySchema, RequestIdSchema, SlotSchema } from './schemas';

const ItemModelSchema = z
  .object({ itemId: z.string(), name: z.string(), capacity: z.number().int(), price: z.number().int().nullable() })
  .openapi('ItemModel');
const HoldingSchema = z.object({ itemId: z.string(), count: z.number().int(), capacity: z.number().int() }).openapi('Holding');
const ConsumeResultSchema = z.object({ itemId: z.string(), count: z.number().int(), consumed: z.number().int() }).openapi('ConsumeResult');
const PurchaseResultSchema = z
  .object({ itemId: z.string(), count: z.number().int(), purchased: z.number().int(), receipt: ReceiptSchema })
  .openapi('PurchaseResult');
const ItemParams = z.object({ itemId: ItemIdSchema });

const defineItem = createRoute({
  method: 'put',
  path: '/v1/admin/items/{itemId}',
  operationId: 'putItemModel',
  tags: ['inventory'],
  security: adminBearer,
  summary: 'Create or replace an item model: its name, per-player capacity and price (currency per unit, null: not for sale)',
  request: {
    params: ItemParams,
    body: jsonBody(
      z.object({
        name: z.string().min(1).max(100),
        capacity: z.number().int().min(1).max(MAX_ITEM_COUNT),
        price: z.number().int().min(1).max(MAX_AMOUNT).nullable().default(null),
      }),
    ),
  },
  responses: { 200: jsonResponse('The item model', ItemModelSchema), ...problems(400, 401, 403) },
});

const listItems = createRoute({
  method: 'get',
  path: '/v1/items',
  operationId: 'listItemModels',
  tags: ['inventory'],
  security: bearer,
  summary: 'Item models (the catalog), in id order',
  request: { query: PageQuerySchema },
  responses: { 200: jsonResponse('Item models', z.object({ items: z.array(ItemModelSchema), cursor: z.string().optional() })), ...problems(400, 401) },
});

const getItem = createRoute({
  method: 'get',
  path: '/v1/items/{itemId}',
  operationId: 'getItemModel',
  tags: ['inventory'],
  security: bearer,
  summary: 'One item model',
  request: { params: ItemParams },
  responses: { 200: jsonResponse('The item model', ItemModelSchema), ...problems(400, 401, 404) },
});

const holdings = createRoute({
  method: 'get',
  path: '/v1/inventory',
  operationId: 'listHoldings',
  tags: ['inventory'],
  security: bearer,
  summary: 'Every item the player holds',
  responses: { 200: jsonResponse('Holdings', z.object({ items: z.array(HoldingSchema) })), ...problems(401) },
});

const holding = createRoute({
  method: 'get',
  path: '/v1/inventory/{itemId}',
  operationId: 'getHolding',
  tags: ['inventory'],
  security: bearer,
  summary: 'How many of one item the player holds',
  request: { params: ItemParams },
  responses: { 200: jsonResponse('Holding', HoldingSchema), ...problems(400, 401, 404) },
});

const consume = createRoute({
  method: 'post',
  path: '/v1/inventory/{itemId}/consume',
  operationId: 'consumeItem',
  tags: ['inventory'],
  security: bearer,
  summary: 'Use up items; refuses below zero (409 insufficient_items). Idempotent per Idempotency-Key',
  request: { params: ItemParams, headers: IdempotencyKeyHeaders, body: jsonBody(z.object({ count: CountSchema, requestId: DeprecatedRequestIdSchema })) },
  responses: { 200: jsonResponse('Count left', ConsumeResultSchema), ...problems(400, 401, 404, 409) },
});

const purchase = createRoute({
  method: 'post',
  path: '/v1/inventory/{itemId}/purchase',
  operationId: 'purchaseItem',
  tags: ['inventory', 'wallet'],
  security: bearer,
  summary: 'Buy items with wallet currency at the current price: withdrawal and acquisition in one transaction. Needs an Idempotency-Key',
  request: {
    params: ItemParams,
    headers: IdempotencyKeyHeaders,
    body: jsonBody(
      z.object({
        count: CountSchema.default(1),
        slot: SlotSchema,
        order: z.enum(['free_first', 'paid_first']).default('free_first'),
        requestId: DeprecatedRequestIdSchema,
      }),
    ),
  },
  responses: { 200: jsonResponse('Purchase', PurchaseResultSchema), ...problems(400, 401, 404, 409) },
});

const acquire = createRoute({
  method: 'post',
  path: '/v1/admin/users/{userId}/inventory/{itemId}/acquire',
  operationId: 'acquireItem',
  tags: ['inventory'],
  security: adminBearer,
  summary: "Give items to a player; past capacity refuses (409 inventory_full) or, with overflow 'inbox', sends the rest to the inbox",
  request: {
    params: z.object({ userId: UserIdSchema, itemId: ItemIdSchema }),
    body: jsonBody(z.object({ count: CountSchema, overflow: z.enum(['refuse', 'inbox']).default('refuse'), requestId: RequestIdSchema.optional() })),
  },
  responses: { 200: jsonResponse('Acquisition', AcquireResultSchema), ...problems(400, 401, 403, 404, 409) },
});

const adminListItems = createRoute({
  method: 'get',
  path: '/v1/admin/items',
  operationId: 'adminListItemModels',
  tags: ['inventory'],
  security: adminBearer,
  summary: 'Item models (the catalog), in id order, for operators',
  request: { query: PageQuerySchema },
  responses: { 200: jsonResponse('Item models', z.object({ items: z.array(ItemModelSchema), cursor: z.string().optional() })), ...problems(400, 401, 403) },
});

const adminHoldings = createRoute({
  method: 'get',
  path: '/v1/admin/users/{userId}/inventory',
  operationId: 'adminListHoldings',
  tags: ['inventory'],
  security: adminBearer,
  summary: 'Every item a player holds',
  request: { params: z.object({ userId: UserIdSchema }) },
  responses: { 200: jsonResponse('Holdings', z.object({ items: z.array(HoldingSchema) })), ...problems(400, 401, 403) },
});

/** Catalog, holdings, consume and purchase routes (player) and item model, grant and read routes (admin). */
export function inventoryRoutes(app: OpenAPIHono<AppEnv>, inventory: InventoryService): void {
  app.openapi(defineItem, async (c) => c.json(await inventory.defineItem({ itemId: c.req.valid('param').itemId, ...c.req.valid('json') }), 200));
  app.openapi(listItems, async (c) => c.json(await inventory.items(c.req.valid('query')), 200));
  app.openapi(getItem, async (c) => c.json(await inventory.item(c.req.valid('param').itemId), 200));
  app.openapi(holdings, async (c) => c.json({ items: await inventory.holdings(c.get('principal').userId) }, 200));
  app.openapi(holding, async (c) => c.json(await inventory.holding(c.get('principal').userId, c.req.valid('param').itemId), 200));
  app.openapi(consume, async (c) =>
    c.json(await inventory.consume(c.get('principal').userId, c.req.valid('param').itemId, keyedBody(c.req.valid('header'), c.req.valid('json'))), 200),
  );
  app.openapi(purchase, async (c) =>
    c.json(await inventory.purchase(c.get('principal').userId, c.req.valid('param').itemId, keyedBody(c.req.valid('header'), c.req.valid('json'), true)), 200),
  );
  app.openapi(acquire, async (c) => {
    const { userId, itemId } = c.req.valid('param');
    return c.json(await inventory.acquire(userId, itemId, c.req.valid('json')), 200);
  });
  app.openapi(adminListItems, async (c) => c.json(await inventory.items(c.req.valid('query')), 200));
  app.openapi(adminHoldings, async (c) => c.json({ items: await inventory.holdings(c.req.valid('param').userId) }, 200));
}
