import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env';
import { adminBearer, jsonBody, jsonResponse, problems, publicOperation } from '../http/schemas';
import type { SignInLimits } from '../services/account/sign-in-limits';
import { PolicyNameSchema } from './policy-schemas';
import type { OperatorService } from './operators';
import type { PolicyService } from './policy-service';

const OperatorId = z
  .string()
  .regex(/^[a-z][a-z0-9._-]{1,63}$/, 'an operator id is 2-64 of a-z, 0-9, ., _ and -, starting with a letter')
  .refine((id) => id !== 'bootstrap', 'bootstrap names the admin key in the audit trail')
  .openapi({ example: 'alice' });
const Password = z.string().min(12, 'a password is at least 12 characters').max(200);
const OperatorSchema = z
  .object({ operatorId: z.string(), roles: z.array(z.string()), disabled: z.boolean(), createdAt: z.number().int(), updatedAt: z.number().int() })
  .openapi('Operator');
const RolesSchema = z.object({ roles: z.array(z.string()) }).openapi('OperatorRoles');
const TokenSchema = z.object({ token: z.string(), expiresAt: z.number().int() });
const OperatorParams = z.object({ operatorId: OperatorId });
const RoleParams = z.object({ operatorId: OperatorId, name: PolicyNameSchema });
const tags = ['operators'];

const createOperator = createRoute({
  method: 'post',
  path: '/v1/admin/operators',
  operationId: 'createOperator',
  tags,
  security: adminBearer,
  summary: 'Create a named operator with a password and roles (policy names such as kumo-role-support, kumo-role-finance, kumo-role-admin)',
  request: { body: jsonBody(z.object({ operatorId: OperatorId, password: Password, roles: z.array(PolicyNameSchema).max(10).default([]) })) },
  responses: { 201: jsonResponse('Created operator', OperatorSchema), ...problems(400, 401, 403, 404, 409) },
});

const listOperators = createRoute({
  method: 'get',
  path: '/v1/admin/operators',
  operationId: 'listOperators',
  tags,
  security: adminBearer,
  summary: 'Operators with their roles (never their passwords)',
  responses: { 200: jsonResponse('Operators', z.object({ operators: z.array(OperatorSchema) })), ...problems(401, 403) },
});

const disableOperator = createRoute({
  method: 'post',
  path: '/v1/admin/operators/{operatorId}/disable',
  operationId: 'disableOperator',
  tags,
  security: adminBearer,
  summary: 'Disable an operator: it cannot sign in, and its tokens are refused (elsewhere within about a second)',
  request: { params: OperatorParams },
  responses: { 200: jsonResponse('Operator', OperatorSchema), ...problems(400, 401, 403, 404) },
});

const enableOperator = createRoute({
  method: 'post',
  path: '/v1/admin/operators/{operatorId}/enable',
  operationId: 'enableOperator',
  tags,
  security: adminBearer,
  summary: 'Enable a disabled operator again',
  request: { params: OperatorParams },
  responses: { 200: jsonResponse('Operator', OperatorSchema), ...problems(400, 401, 403, 404) },
});

const setPassword = createRoute({
  method: 'put',
  path: '/v1/admin/operators/{operatorId}/password',
  operationId: 'setOperatorPassword',
  tags,
  security: adminBearer,
  summary: "Set an operator's password (a reset: the old one stops working)",
  request: { params: OperatorParams, body: jsonBody(z.object({ password: Password })) },
  responses: { 200: jsonResponse('Operator', OperatorSchema), ...problems(400, 401, 403, 404) },
});

const assignRole = createRoute({
  method: 'put',
  path: '/v1/admin/operators/{operatorId}/roles/{name}',
  operationId: 'assignOperatorRole',
  tags,
  security: adminBearer,
  summary: 'Give an operator a role (a policy name)',
  request: { params: RoleParams },
  responses: { 200: jsonResponse('Roles', RolesSchema), ...problems(400, 401, 403, 404, 409) },
});

const removeRole = createRoute({
  method: 'delete',
  path: '/v1/admin/operators/{operatorId}/roles/{name}',
  operationId: 'removeOperatorRole',
  tags,
  security: adminBearer,
  summary: "Take a role away from an operator",
  request: { params: RoleParams },
  responses: { 200: jsonResponse('Roles', RolesSchema), ...problems(400, 401, 403, 404) },
});

const operatorSignIn = createRoute({
  method: 'post',
  path: '/v1/auth/operator',
  operationId: 'operatorSignIn',
  security: publicOperation,
  tags: ['operators'],
  summary: "Exchange an operator's id and password for a short-lived admin token that may do what the operator's roles allow",
  request: { body: jsonBody(z.object({ operatorId: z.string().min(1).max(64), password: z.string().min(1).max(200) })) },
  responses: { 200: jsonResponse('Signed token', TokenSchema), ...problems(400, 401, 429) },
});

/** Admin routes of operators and their roles, and the operators' sign-in (rate-limited per client like the admin key's). */
export function operatorRoutes(app: OpenAPIHono<AppEnv>, operators: OperatorService, policies: PolicyService, limits: SignInLimits): void {
  app.openapi(createOperator, async (c) => c.json(await operators.create(c.req.valid('json')), 201));
  app.openapi(listOperators, async (c) => c.json({ operators: await operators.list() }, 200));
  app.openapi(disableOperator, async (c) => c.json(await operators.setDisabled(c.req.valid('param').operatorId, true), 200));
  app.openapi(enableOperator, async (c) => c.json(await operators.setDisabled(c.req.valid('param').operatorId, false), 200));
  app.openapi(setPassword, async (c) => c.json(await operators.setPassword(c.req.valid('param').operatorId, c.req.valid('json').password), 200));
  app.openapi(assignRole, async (c) => {
    const { operatorId, name } = c.req.valid('param');
    return c.json({ roles: await policies.attach({ kind: 'operator', operatorId }, name) }, 200);
  });
  app.openapi(removeRole, async (c) => {
    const { operatorId, name } = c.req.valid('param');
    return c.json({ roles: await policies.detach({ kind: 'operator', operatorId }, name) }, 200);
  });
  app.openapi(operatorSignIn, async (c) => {
    const { operatorId, password } = c.req.valid('json');
    return c.json(await limits.adminAuth(c.get('client'), () => operators.signIn(operatorId, password)), 200);
  });
}
