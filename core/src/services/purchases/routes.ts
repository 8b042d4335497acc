import { timingSafeEqual } from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import { InvalidRequest } from '../../http/problem';
import { adminBearer, bearer, jsonBody, jsonResponse, problems, publicOperation } from '../../http/schemas';
import { AmountSchema, CountSchema, ItemIdSchema, PageQuerySchema, SlotSchema } from '../inventory/schemas';
import { ReceiptSchema } from '../wallet/routes';
import { MAX_AMOUNT } from '../wallet/wallet-types';
import { NotificationRejected, StoreNotConfigured } from './purchase-errors';
import type { PurchaseService } from './purchase-service';
import type { PurchaseSettings } from './purchase-settings';
import { STORE_PLATFORMS } from './purchase-types';

const Platform = z.enum(STORE_PLATFORMS);
const ProductId = z.string().regex(/^[A-Za-z0-9._-]{1,150}$/, 'a store product id is 1-150 of A-Z, a-z, 0-9, ., _ and -').openapi({ example: 'gems_100' });
const TransactionId = z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');
const StoreProductSchema = z
  .object({
    platform: Platform,
    productId: z.string(),
    slot: z.string(),
    paid: z.number().int(),
    free: z.number().int(),
    items: z.array(z.object({ itemId: z.string(), count: z.number().int() })),
    price: z.number().int(),
    currency: z.string(),
  })
  .openapi('StoreProduct');
const PurchaseResultSchema = z
  .object({
    platform: Platform,
    transactionId: z.string(),
    productId: z.string(),
    quantity: z.number().int(),
    receipt: ReceiptSchema,
    items: z.array(z.object({ itemId: z.string(), count: z.number().int(), overflowMessageId: z.string().nullable() })),
  })
  .openapi('StorePurchase');
const RefundOutcomeSchema = z
  .object({
    platform: Platform,
    transactionId: z.string(),
    status: z.enum(['refunded', 'already_refunded', 'not_credited', 'ignored']),
    userId: z.string().nullable(),
    receipt: ReceiptSchema.nullable(),
    items: z.array(z.object({ itemId: z.string(), count: z.number().int() })).describe('Items of the purchase taken back (as far as the player still held them)'),
  })
  .openapi('RefundOutcome');
const ClaimSchema = z
  .object({
    platform: Platform,
    transactionId: z.string(),
    userId: z.string().nullable(),
    productId: z.string().nullable(),
    state: z.enum(['claimed', 'credited', 'refunded']),
    claimedAt: z.number().int(),
    refundedAt: z.number().int().nullable(),
    attempts: z.array(z.object({ userId: z.string(), at: z.number().int() })),
  })
  .openapi('PurchaseClaim');
/** Body of a Google Play real-time developer notification (inside the Pub/Sub message's base64 data). */
const DeveloperNotification = z.object({
  packageName: z.string(),
  voidedPurchaseNotification: z.object({ orderId: z.string().min(1), purchaseToken: z.string() }).optional(),
});

const purchaseApple = createRoute({
  method: 'post',
  path: '/v1/purchases/apple',
  operationId: 'purchaseApple',
  tags: ['purchases'],
  security: bearer,
  summary:
    'Redeem an App Store purchase: a StoreKit 2 signed transaction (JWS), verified against the configured roots, bundle id and environment, credited once ever (a replay answers the first result; 409 purchase_claimed for another player)',
  request: { body: jsonBody(z.object({ signedTransaction: z.string().min(1).max(16_000) })) },
  responses: { 200: jsonResponse('What the purchase granted', PurchaseResultSchema), ...problems(400, 401, 404, 409) },
});

const purchaseGoogle = createRoute({
  method: 'post',
  path: '/v1/purchases/google',
  operationId: 'purchaseGoogle',
  tags: ['purchases'],
  security: bearer,
  summary:
    'Redeem a Google Play purchase: the purchase token, verified through the Play Developer API (package, product, state: 409 purchase_pending / purchase_cancelled), credited once ever per order id, then consumed',
  request: {
    body: jsonBody(z.object({ productId: ProductId, purchaseToken: z.string().min(1).max(2000), packageName: z.string().min(1).max(255).optional() })),
  },
  responses: { 200: jsonResponse('What the purchase granted', PurchaseResultSchema), ...problems(400, 401, 404, 409) },
});

const appleNotification = createRoute({
  method: 'post',
  path: '/v1/purchases/apple/notifications',
  operationId: 'appleStoreNotification',
  security: publicOperation,
  tags: ['purchases'],
  summary: 'App Store Server Notifications V2 endpoint (signed by Apple; no token): REFUND and REVOKE claw the purchase back once',
  request: { body: jsonBody(z.object({ signedPayload: z.string().min(1).max(60_000) })) },
  responses: { 200: jsonResponse('What the notification did', RefundOutcomeSchema), ...problems(400, 409) },
});

const googleNotification = createRoute({
  method: 'post',
  path: '/v1/purchases/google/notifications',
  operationId: 'googlePlayNotification',
  security: publicOperation,
  tags: ['purchases'],
  summary: 'Pub/Sub push endpoint of Google Play real-time developer notifications (?token= the configured secret): a voided purchase is clawed back once',
  request: {
    query: z.object({ token: z.string().max(500).optional() }),
    body: jsonBody(z.object({ message: z.object({ data: z.string().max(60_000), messageId: z.string().optional() }), subscription: z.string().optional() })),
  },
  responses: { 200: jsonResponse('What the notification did', RefundOutcomeSchema), ...problems(400, 401, 409) },
});

const putProduct = createRoute({
  method: 'put',
  path: '/v1/admin/store-products/{platform}/{productId}',
  operationId: 'putStoreProduct',
  tags: ['purchases'],
  security: adminBearer,
  summary: 'Create or replace a store product: the paid and free currency (one slot) and items it grants, and its price in minor units of an ISO 4217 currency',
  request: {
    params: z.object({ platform: Platform, productId: ProductId }),
    body: jsonBody(
      z
        .object({
          slot: SlotSchema,
          paid: AmountSchema.default(0),
          free: AmountSchema.default(0),
          items: z.array(z.object({ itemId: ItemIdSchema, count: CountSchema })).max(10).default([]),
          price: z.number().int().min(0).max(MAX_AMOUNT).openapi({ example: 120 }),
          currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code').openapi({ example: 'JPY' }),
        })
        .refine((body) => body.paid + body.free > 0 || body.items.length > 0, { message: 'a product grants currency or items' }),
    ),
  },
  responses: { 200: jsonResponse('The store product', StoreProductSchema), ...problems(400, 401, 403) },
});

const listProducts = createRoute({
  method: 'get',
  path: '/v1/admin/store-products',
  operationId: 'listStoreProducts',
  tags: ['purchases'],
  security: adminBearer,
  summary: 'Store products in platform and product id order',
  request: { query: PageQuerySchema },
  responses: { 200: jsonResponse('Store products', z.object({ items: z.array(StoreProductSchema), cursor: z.string().optional() })), ...problems(400, 401, 403) },
});

const getClaim = createRoute({
  method: 'get',
  path: '/v1/admin/purchases/{platform}/{transactionId}',
  operationId: 'getPurchaseClaim',
  tags: ['purchases'],
  security: adminBearer,
  summary: 'Who redeemed a store transaction, its state (claimed, credited, refunded) and the other players who presented it',
  request: { params: z.object({ platform: Platform, transactionId: TransactionId }) },
  responses: { 200: jsonResponse('The claim', ClaimSchema), ...problems(400, 401, 403, 404) },
});

/** Compares the notification token in constant time. */
function tokenMatches(expected: string, given: string | undefined): boolean {
  const [a, b] = [Buffer.from(expected), Buffer.from(given ?? '')];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Decodes the Pub/Sub message data of a developer notification. */
function developerNotification(data: string): z.infer<typeof DeveloperNotification> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
  } catch {
    throw new InvalidRequest('message.data is not base64 JSON', undefined, 'invalid_notification');
  }
  const parsed = DeveloperNotification.safeParse(json);
  if (!parsed.success) throw new InvalidRequest('message.data is not a developer notification', undefined, 'invalid_notification');
  return parsed.data;
}

/** Purchase routes (player), store notification endpoints (store-authenticated) and product and claim routes (admin). */
export function purchaseRoutes(app: OpenAPIHono<AppEnv>, purchases: PurchaseService, settings: PurchaseSettings): void {
  app.openapi(purchaseApple, async (c) => c.json(await purchases.purchaseApple(c.get('principal').userId, c.req.valid('json').signedTransaction), 200));
  app.openapi(purchaseGoogle, async (c) => c.json(await purchases.purchaseGoogle(c.get('principal').userId, c.req.valid('json')), 200));
  app.openapi(appleNotification, async (c) => c.json(await purchases.appleNotification(c.req.valid('json').signedPayload), 200));
  app.openapi(googleNotification, async (c) => {
    const expected = settings.google?.notificationToken;
    if (!expected) throw new StoreNotConfigured('google');
    if (!tokenMatches(expected, c.req.valid('query').token)) throw new NotificationRejected();
    const notification = developerNotification(c.req.valid('json').message.data);
    const voided = notification.voidedPurchaseNotification;
    if (!voided) return c.json({ platform: 'google' as const, transactionId: '', status: 'ignored' as const, userId: null, receipt: null, items: [] }, 200);
    return c.json(await purchases.googleVoided(notification.packageName, voided.orderId), 200);
  });
  app.openapi(putProduct, async (c) => {
    const { platform, productId } = c.req.valid('param');
    return c.json(await purchases.defineProduct({ platform, productId, ...c.req.valid('json') }), 200);
  });
  app.openapi(listProducts, async (c) => c.json(await purchases.listProducts(c.req.valid('query')), 200));
  app.openapi(getClaim, async (c) => {
    const { platform, transactionId } = c.req.valid('param');
    return c.json(await purchases.claim(platform, transactionId), 200);
  });
}
