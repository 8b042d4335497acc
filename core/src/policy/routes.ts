import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env';
import type { RouteActions } from '../http/route-actions';
import { adminBearer, jsonBody, jsonResponse, problems, UserIdSchema, publicOperation } from '../http/schemas';
import type { PolicyService } from './policy-service';
import type { ApiKeyService } from './api-keys';
import { PolicyDocumentSchema, PolicyNameSchema } from './policy-schemas';

const KeyId = z.string().regex(/^[0-9a-z]{26}$/, 'a key id is 26 lowercase letters and digits');
const PolicyRecordSchema = z
  .object({ name: z.string(), document: PolicyDocumentSchema, createdAt: z.number().int(), updatedAt: z.number().int(), builtIn: z.boolean().optional() })
  .openapi('Policy');
const AttachedSchema = z.object({ policies: z.array(z.string()) }).openapi('AttachedPolicies');
const ApiKeySchema = z.object({ keyId: z.string(), name: z.string(), policies: z.array(z.string()), createdAt: z.number().int() }).openapi('ApiKey');
const TokenSchema = z.object({ token: z.string(), expiresAt: z.number().int() });
const Named = z.object({ name: PolicyNameSchema });
const UserPolicy = z.object({ userId: UserIdSchema, name: PolicyNameSchema });
const KeyPolicy = z.object({ keyId: KeyId, name: PolicyNameSchema });
const tags = ['policy'];
const noContent = { 204: { description: 'Done' } };

const putPolicy = createRoute({
  method: 'put',
  path: '/v1/admin/policies/{name}',
  operationId: 'putPolicy',
  tags,
  security: adminBearer,
  summary: 'Create or replace a policy document (IAM-style JSON; 400 names the path of any problem)',
  request: { params: Named, body: jsonBody(PolicyDocumentSchema) },
  responses: { 200: jsonResponse('Stored policy', PolicyRecordSchema), ...problems(400, 401, 403) },
});

const listPolicies = createRoute({
  method: 'get',
  path: '/v1/admin/policies',
  operationId: 'listPolicies',
  tags,
  security: adminBearer,
  summary: 'Stored policies in name order (the built-in default player policy is listed once stored)',
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50), cursor: z.string().max(500).optional() }) },
  responses: { 200: jsonResponse('Policies', z.object({ policies: z.array(PolicyRecordSchema), cursor: z.string().optional() })), ...problems(400, 401, 403) },
});

const getPolicy = createRoute({
  method: 'get',
  path: '/v1/admin/policies/{name}',
  operationId: 'getPolicy',
  tags,
  security: adminBearer,
  summary: 'One policy',
  request: { params: Named },
  responses: { 200: jsonResponse('Policy', PolicyRecordSchema), ...problems(400, 401, 403, 404) },
});

const deletePolicy = createRoute({
  method: 'delete',
  path: '/v1/admin/policies/{name}',
  operationId: 'deletePolicy',
  tags,
  security: adminBearer,
  summary: 'Delete a policy; attachments naming it are ignored from then on',
  request: { params: Named },
  responses: { ...noContent, ...problems(400, 401, 403, 404) },
});

const userPolicies = createRoute({
  method: 'get',
  path: '/v1/admin/users/{userId}/policies',
  operationId: 'listUserPolicies',
  tags,
  security: adminBearer,
  summary: "Policies attached to a player (besides the default player policy every player has)",
  request: { params: z.object({ userId: UserIdSchema }) },
  responses: { 200: jsonResponse('Attached policies', AttachedSchema), ...problems(400, 401, 403, 404) },
});

const attachUser = createRoute({
  method: 'put',
  path: '/v1/admin/users/{userId}/policies/{name}',
  operationId: 'attachUserPolicy',
  tags,
  security: adminBearer,
  summary: 'Attach a policy to a player (e.g. a Deny that bans them from chat:*)',
  request: { params: UserPolicy },
  responses: { 200: jsonResponse('Attached policies', AttachedSchema), ...problems(400, 401, 403, 404, 409) },
});

const detachUser = createRoute({
  method: 'delete',
  path: '/v1/admin/users/{userId}/policies/{name}',
  operationId: 'detachUserPolicy',
  tags,
  security: adminBearer,
  summary: 'Detach a policy from a player',
  request: { params: UserPolicy },
  responses: { 200: jsonResponse('Attached policies', AttachedSchema), ...problems(400, 401, 403, 404) },
});

const createKey = createRoute({
  method: 'post',
  path: '/v1/admin/keys',
  operationId: 'createApiKey',
  tags,
  security: adminBearer,
  summary: 'Create an API key for a server-to-server caller; the key is shown only in this response',
  request: { body: jsonBody(z.object({ name: z.string().min(1).max(100) })) },
  responses: { 201: jsonResponse('Created key', ApiKeySchema.extend({ apiKey: z.string() })), ...problems(400, 401, 403) },
});

const listKeys = createRoute({
  method: 'get',
  path: '/v1/admin/keys',
  operationId: 'listApiKeys',
  tags,
  security: adminBearer,
  summary: 'API keys with their attached policies (never their secrets)',
  responses: { 200: jsonResponse('Keys', z.object({ keys: z.array(ApiKeySchema) })), ...problems(401, 403) },
});

const revokeKey = createRoute({
  method: 'delete',
  path: '/v1/admin/keys/{keyId}',
  operationId: 'revokeApiKey',
  tags,
  security: adminBearer,
  summary: 'Revoke an API key (its tokens stop working within the policy cache TTL)',
  request: { params: z.object({ keyId: KeyId }) },
  responses: { ...noContent, ...problems(400, 401, 403, 404) },
});

const attachKey = createRoute({
  method: 'put',
  path: '/v1/admin/keys/{keyId}/policies/{name}',
  operationId: 'attachKeyPolicy',
  tags,
  security: adminBearer,
  summary: 'Attach a policy to an API key',
  request: { params: KeyPolicy },
  responses: { 200: jsonResponse('Attached policies', AttachedSchema), ...problems(400, 401, 403, 404, 409) },
});

const detachKey = createRoute({
  method: 'delete',
  path: '/v1/admin/keys/{keyId}/policies/{name}',
  operationId: 'detachKeyPolicy',
  tags,
  security: adminBearer,
  summary: 'Detach a policy from an API key',
  request: { params: KeyPolicy },
  responses: { 200: jsonResponse('Attached policies', AttachedSchema), ...problems(400, 401, 403, 404) },
});

const keySignIn = createRoute({
  method: 'post',
  path: '/v1/auth/key',
  operationId: 'apiKeySignIn',
  security: publicOperation,
  tags: ['policy'],
  summary: "Exchange an API key for a short-lived token that may do what the key's policies allow",
  request: { body: jsonBody(z.object({ apiKey: z.string().min(1).max(200) })) },
  responses: { 200: jsonResponse('Signed token', TokenSchema), ...problems(400, 401) },
});

const listActions = createRoute({
  method: 'get',
  path: '/v1/admin/actions',
  operationId: 'listActions',
  tags,
  security: adminBearer,
  summary: 'Every route with the policy action it is checked as',
  responses: {
    200: jsonResponse('Actions', z.object({ actions: z.array(z.object({ action: z.string(), method: z.string(), path: z.string() })) })),
    ...problems(401, 403),
  },
});

/** Admin routes of policies and API keys, the API key sign-in, and the action list. */
export function policyRoutes(app: OpenAPIHono<AppEnv>, policies: PolicyService, keys: ApiKeyService, actions: RouteActions): void {
  app.openapi(putPolicy, async (c) => c.json(await policies.put(c.req.valid('param').name, c.req.valid('json')), 200));
  app.openapi(listPolicies, async (c) => c.json(await policies.list(c.req.valid('query')), 200));
  app.openapi(getPolicy, async (c) => c.json(await policies.get(c.req.valid('param').name), 200));
  app.openapi(deletePolicy, async (c) => {
    await policies.delete(c.req.valid('param').name);
    return c.body(null, 204);
  });
  app.openapi(userPolicies, async (c) => c.json({ policies: await policies.attached({ kind: 'user', userId: c.req.valid('param').userId }) }, 200));
  app.openapi(attachUser, async (c) => {
    const { userId, name } = c.req.valid('param');
    return c.json({ policies: await policies.attach({ kind: 'user', userId }, name) }, 200);
  });
  app.openapi(detachUser, async (c) => {
    const { userId, name } = c.req.valid('param');
    return c.json({ policies: await policies.detach({ kind: 'user', userId }, name) }, 200);
  });
  app.openapi(createKey, async (c) => c.json(await keys.create(c.req.valid('json').name), 201));
  app.openapi(listKeys, async (c) => c.json({ keys: await keys.list() }, 200));
  app.openapi(revokeKey, async (c) => {
    await keys.revoke(c.req.valid('param').keyId);
    return c.body(null, 204);
  });
  app.openapi(attachKey, async (c) => {
    const { keyId, name } = c.req.valid('param');
    return c.json({ policies: await policies.attach({ kind: 'key', keyId }, name) }, 200);
  });
  app.openapi(detachKey, async (c) => {
    const { keyId, name } = c.req.valid('param');
    return c.json({ policies: await policies.detach({ kind: 'key', keyId }, name) }, 200);
  });
  app.openapi(keySignIn, async (c) => c.json(await keys.signIn(c.req.valid('json').apiKey), 200));
  app.openapi(listActions, (c) => c.json({ actions: actions.list().map(({ action, method, path }) => ({ action, method, path })) }, 200));
}
