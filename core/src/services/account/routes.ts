import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import { jsonBody, jsonResponse, problems, UserIdSchema, publicOperation } from '../../http/schemas';
import type { AccountService } from './account-service';
import type { SignInLimits } from './sign-in-limits';
import type { TokenService } from './tokens';

const TokenSchema = z.object({ token: z.string(), expiresAt: z.number().int() }).openapi('AccessToken');

const createAccount = createRoute({
  method: 'post',
  path: '/v1/accounts',
  operationId: 'postAccounts',
  security: publicOperation,
  tags: ['account'],
  summary: 'Create an anonymous account; the secret is shown only in this response',
  responses: {
    201: jsonResponse('Created', z.object({ userId: UserIdSchema, secret: z.string(), createdAt: z.number().int() }).openapi('CreatedAccount')),
    ...problems(429),
  },
});

const login = createRoute({
  method: 'post',
  path: '/v1/auth/login',
  operationId: 'postAuthLogin',
  security: publicOperation,
  tags: ['account'],
  summary: 'Exchange user id and secret for a player access token',
  request: { body: jsonBody(z.object({ userId: UserIdSchema, secret: z.string().min(1).max(200) })) },
  responses: { 200: jsonResponse('Signed token', TokenSchema), ...problems(400, 401, 429) },
});

const adminLogin = createRoute({
  method: 'post',
  path: '/v1/admin/auth',
  operationId: 'postAdminAuth',
  security: publicOperation,
  tags: ['admin'],
  summary: 'Exchange the admin key for a short-lived admin token',
  request: { body: jsonBody(z.object({ adminKey: z.string().min(1).max(500) })) },
  responses: { 200: jsonResponse('Signed admin token', TokenSchema), ...problems(400, 401, 429) },
});

/** Routes of accounts and sign-in. */
export function accountRoutes(app: OpenAPIHono<AppEnv>, accounts: AccountService, tokens: TokenService, limits: SignInLimits): void {
  app.openapi(createAccount, async (c) => c.json(await limits.createAccount(c.get('client'), () => accounts.create()), 201));
  app.openapi(login, async (c) => {
    const { userId, secret } = c.req.valid('json');
    return c.json(await limits.login(c.get('client'), userId, () => accounts.login(userId, secret)), 200);
  });
  app.openapi(adminLogin, async (c) => c.json(await limits.adminAuth(c.get('client'), () => tokens.issueAdmin(c.req.valid('json').adminKey)), 200));
}
