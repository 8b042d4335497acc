import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import { DeprecatedRequestIdSchema, IdempotencyKeyHeaders } from '../../http/idempotency-headers';
import { keyedBody } from '../../http/idempotency-key';
import { adminBearer, bearer, jsonBody, jsonResponse, problems, UserIdSchema } from '../../http/schemas';
import type { AccountService } from '../account/account-service';
import type { Ledger } from './ledger';
import type { WalletService } from './wallet-service';
import { MAX_AMOUNT } from './wallet-types';

const Slot = z.string().regex(/^[a-z0-9_-]{1,32}$/, 'a slot is 1-32 of a-z, 0-9, _ and -').openapi({ example: 'ios' });
const Amount = z.number().int().min(0).max(MAX_AMOUNT);
const Reference = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');
const BalanceSchema = z.object({ slot: z.string(), paid: z.number().int(), free: z.number().int(), total: z.number().int() }).openapi('Balance');
/** OpenAPI schema of a wallet receipt; other services that spend or grant currency return it too. */
export const ReceiptSchema = z
  .object({
    id: z.string(),
    slot: z.string(),
    kind: z.enum(['deposit', 'withdraw', 'refund']),
    paid: z.number().int(),
    free: z.number().int(),
    balance: z.object({ paid: z.number().int(), free: z.number().int() }),
    reference: z.string().nullable(),
    at: z.number().int(),
  })
  .openapi('Receipt');
const SlotParams = z.object({ slot: Slot });
const ReceiptQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50), cursor: z.string().max(500).optional() });
const ReceiptPageSchema = z.object({ receipts: z.array(ReceiptSchema), cursor: z.string().optional() });

const balances = createRoute({
  method: 'get',
  path: '/v1/wallet',
  operationId: 'getWallet',
  tags: ['wallet'],
  security: bearer,
  summary: 'Balances of every slot',
  responses: { 200: jsonResponse('Balances', z.object({ balances: z.array(BalanceSchema) })), ...problems(401) },
});

const balance = createRoute({
  method: 'get',
  path: '/v1/wallet/{slot}',
  operationId: 'getWalletSlot',
  // The policy action stays `wallet:GetWallet`, as before the route had an operationId.
  'x-kumo-action': 'GetWallet',
  tags: ['wallet'],
  security: bearer,
  summary: "One slot's balance, paid and free apart",
  request: { params: SlotParams },
  responses: { 200: jsonResponse('Balance', BalanceSchema), ...problems(400, 401) },
});

const withdraw = createRoute({
  method: 'post',
  path: '/v1/wallet/{slot}/withdraw',
  operationId: 'postWalletWithdraw',
  tags: ['wallet'],
  security: bearer,
  summary: 'Spend currency; refuses to go below zero. Idempotent per Idempotency-Key',
  request: {
    params: SlotParams,
    headers: IdempotencyKeyHeaders,
    body: jsonBody(
      z.object({
        amount: Amount.min(1),
        order: z.enum(['free_first', 'paid_first']).default('free_first'),
        requestId: DeprecatedRequestIdSchema,
      }),
    ),
  },
  responses: { 200: jsonResponse('Receipt', ReceiptSchema), ...problems(400, 401, 409) },
});

const receipts = createRoute({
  method: 'get',
  path: '/v1/wallet/{slot}/receipts',
  operationId: 'getWalletReceipts',
  tags: ['wallet'],
  security: bearer,
  summary: 'Receipts of a slot, newest first',
  request: { params: SlotParams, query: ReceiptQuery },
  responses: { 200: jsonResponse('Receipts', ReceiptPageSchema), ...problems(400, 401) },
});

const adminBalances = createRoute({
  method: 'get',
  path: '/v1/admin/users/{userId}/wallet',
  operationId: 'adminListBalances',
  tags: ['wallet'],
  security: adminBearer,
  summary: "A player's balances of every slot (404 user_not_found for an unknown player)",
  request: { params: z.object({ userId: UserIdSchema }) },
  responses: { 200: jsonResponse('Balances', z.object({ balances: z.array(BalanceSchema) })), ...problems(400, 401, 403, 404) },
});

const adminReceipts = createRoute({
  method: 'get',
  path: '/v1/admin/users/{userId}/wallet/{slot}/receipts',
  operationId: 'adminListReceipts',
  tags: ['wallet'],
  security: adminBearer,
  summary: "A player's receipts of a slot, newest first",
  request: { params: z.object({ userId: UserIdSchema, slot: Slot }), query: ReceiptQuery },
  responses: { 200: jsonResponse('Receipts', ReceiptPageSchema), ...problems(400, 401, 403) },
});

const deposit = createRoute({
  method: 'post',
  path: '/v1/admin/users/{userId}/wallet/{slot}/deposit',
  operationId: 'postAdminUsersWalletDeposit',
  tags: ['wallet'],
  security: adminBearer,
  summary:
    "Credit paid and/or free currency (an operator's grant; paid currency becomes an unpriced lot). Idempotent per receiptId within the player; store purchases go through /v1/purchases/*, which credit a store transaction once across all players",
  request: {
    params: z.object({ userId: UserIdSchema, slot: Slot }),
    body: jsonBody(
      z
        .object({ receiptId: Reference, paid: Amount.default(0), free: Amount.default(0) })
        .refine((body) => body.paid + body.free > 0, { message: 'deposit a positive paid or free amount' }),
    ),
  },
  responses: { 200: jsonResponse('Receipt', ReceiptSchema), ...problems(400, 401, 403, 404, 409) },
});

const FlowTotalSchema = z.object({ quantity: z.number().int(), value: z.number().int() });
const paidCurrencyReport = createRoute({
  method: 'get',
  path: '/v1/admin/reports/paid-currency',
  operationId: 'getPaidCurrencyReport',
  tags: ['wallet'],
  security: adminBearer,
  summary:
    'Paid currency issued, used, refunded and outstanding up to the end of a UTC day, per ISO 4217 currency, in units and minor units of money (XXX: paid currency granted without a price)',
  request: { query: z.object({ at: z.iso.date().openapi({ example: '2027-03-31' }) }) },
  responses: {
    200: jsonResponse(
      'Report',
      z
        .object({
          at: z.string(),
          currencies: z.array(z.object({ currency: z.string(), issued: FlowTotalSchema, used: FlowTotalSchema, refunded: FlowTotalSchema, outstanding: FlowTotalSchema })),
        })
        .openapi('PaidCurrencyReport'),
    ),
    ...problems(400, 401, 403),
  },
});

/** Player wallet routes (under the player token), the admin deposit and read routes, and the paid-currency report. */
export function walletRoutes(app: OpenAPIHono<AppEnv>, wallet: WalletService, accounts: AccountService, ledger: Ledger): void {
  app.openapi(paidCurrencyReport, async (c) => c.json(await ledger.report(c.req.valid('query').at), 200));
  app.openapi(balances, async (c) => c.json({ balances: await wallet.balances(c.get('principal').userId) }, 200));
  app.openapi(balance, async (c) => c.json(await wallet.balance(c.get('principal').userId, c.req.valid('param').slot), 200));
  app.openapi(withdraw, async (c) => c.json(await wallet.withdraw(c.get('principal').userId, c.req.valid('param').slot, keyedBody(c.req.valid('header'), c.req.valid('json'))), 200));
  app.openapi(receipts, async (c) => c.json(await wallet.receipts(c.get('principal').userId, c.req.valid('param').slot, c.req.valid('query')), 200));
  app.openapi(deposit, async (c) => {
    const { userId, slot } = c.req.valid('param');
    return c.json(await wallet.deposit(userId, slot, c.req.valid('json')), 200);
  });
  app.openapi(adminBalances, async (c) => {
    const { userId } = c.req.valid('param');
    await accounts.assertExists(userId);
    return c.json({ balances: await wallet.balances(userId) }, 200);
  });
  app.openapi(adminReceipts, async (c) => {
    const { userId, slot } = c.req.valid('param');
    return c.json(await wallet.receipts(userId, slot, c.req.valid('query')), 200);
  });
}
