import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import { DeprecatedRequestIdSchema, IdempotencyKeyHeaders } from '../../http/idempotency-headers';
import { keyedBody } from '../../http/idempotency-key';
import { adminBearer, bearer, jsonBody, jsonResponse, problems } from '../../http/schemas';
import { CountSchema, ItemIdSchema, SlotSchema } from '../inventory/schemas';
import { MAX_AMOUNT } from '../wallet/wallet-types';
import type { StaminaService } from './stamina-service';
import { MAX_RECOVER_INTERVAL_SECONDS, MAX_STAMINA } from './stamina-types';

const StaminaIdSchema = z.string().regex(/^[a-z0-9_-]{1,64}$/, 'a stamina id is 1-64 of a-z, 0-9, _ and -').openapi({ example: 'quest' });
const Points = z.number().int().min(1).max(MAX_STAMINA);
const Params = z.object({ staminaId: StaminaIdSchema });
const ModelBody = z
  .object({
    max: Points,
    recoverIntervalSeconds: z.number().int().min(1).max(MAX_RECOVER_INTERVAL_SECONDS),
    recoverAmount: Points,
    itemRecovery: z.object({ itemId: ItemIdSchema, amount: Points }).nullable().default(null),
    currencyRecovery: z.object({ price: z.number().int().min(1).max(MAX_AMOUNT), amount: Points }).nullable().default(null),
  })
  .openapi('StaminaModelInput');
const ModelSchema = ModelBody.extend({ staminaId: z.string() }).openapi('StaminaModel');
const ViewSchema = z
  .object({
    staminaId: z.string(),
    value: z.number().int(),
    max: z.number().int(),
    recoverIntervalSeconds: z.number().int(),
    recoverAmount: z.number().int(),
    nextRecoverAt: z.number().int().nullable(),
    fullAt: z.number().int().nullable(),
  })
  .openapi('Stamina');

const defineModel = createRoute({
  method: 'put',
  path: '/v1/admin/stamina/{staminaId}',
  operationId: 'putStaminaModel',
  tags: ['stamina'],
  security: adminBearer,
  summary: 'Create or replace a stamina model: max, regeneration (amount per interval), recovery by item and by currency',
  request: { params: Params, body: jsonBody(ModelBody) },
  responses: { 200: jsonResponse('The model', ModelSchema), ...problems(400, 401, 403, 404) },
});

const get = createRoute({
  method: 'get',
  path: '/v1/stamina/{staminaId}',
  operationId: 'getStamina',
  tags: ['stamina'],
  security: bearer,
  summary: "The player's stamina now, with when the next point comes and when it is full",
  request: { params: Params },
  responses: { 200: jsonResponse('Stamina', ViewSchema), ...problems(400, 401, 404) },
});

const consume = createRoute({
  method: 'post',
  path: '/v1/stamina/{staminaId}/consume',
  operationId: 'consumeStamina',
  tags: ['stamina'],
  security: bearer,
  summary: 'Spend stamina; 409 insufficient_stamina when too low. Idempotent per Idempotency-Key',
  request: { params: Params, headers: IdempotencyKeyHeaders, body: jsonBody(z.object({ amount: Points, requestId: DeprecatedRequestIdSchema })) },
  responses: { 200: jsonResponse('Stamina', ViewSchema), ...problems(400, 401, 404, 409) },
});

const recover = createRoute({
  method: 'post',
  path: '/v1/stamina/{staminaId}/recover',
  operationId: 'recoverStamina',
  tags: ['stamina', 'inventory', 'wallet'],
  security: bearer,
  summary: 'Recover at once by consuming items or paying currency, in one transaction; capped at max, 409 stamina_full when full. Idempotent per Idempotency-Key (required when paying)',
  request: {
    params: Params,
    headers: IdempotencyKeyHeaders,
    body: jsonBody(
      z.discriminatedUnion('by', [
        z.object({ by: z.literal('item'), count: CountSchema.default(1), requestId: DeprecatedRequestIdSchema }),
        z.object({
          by: z.literal('currency'),
          count: CountSchema.default(1),
          slot: SlotSchema,
          order: z.enum(['free_first', 'paid_first']).default('free_first'),
          requestId: DeprecatedRequestIdSchema,
        }),
      ]),
    ),
  },
  responses: { 200: jsonResponse('Stamina', ViewSchema), ...problems(400, 401, 404, 409) },
});

/** Player stamina routes and the admin model route. */
export function staminaRoutes(app: OpenAPIHono<AppEnv>, stamina: StaminaService): void {
  app.openapi(defineModel, async (c) => c.json(await stamina.defineModel({ staminaId: c.req.valid('param').staminaId, ...c.req.valid('json') }), 200));
  app.openapi(get, async (c) => c.json(await stamina.get(c.get('principal').userId, c.req.valid('param').staminaId), 200));
  app.openapi(consume, async (c) =>
    c.json(await stamina.consume(c.get('principal').userId, c.req.valid('param').staminaId, keyedBody(c.req.valid('header'), c.req.valid('json'))), 200),
  );
  app.openapi(recover, async (c) => {
    const [headers, body] = [c.req.valid('header'), c.req.valid('json')];
    const input = body.by === 'item' ? keyedBody(headers, body) : keyedBody(headers, body, true);
    return c.json(await stamina.recover(c.get('principal').userId, c.req.valid('param').staminaId, input), 200);
  });
}
