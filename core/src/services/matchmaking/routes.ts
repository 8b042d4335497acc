import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import { adminBearer, bearer, jsonBody, jsonResponse, problems } from '../../http/schemas';
import type { MatchmakingService } from './matchmaking-service';
import { MAX_CAPACITY, MAX_GATHERING_TTL_SECONDS } from './matchmaking-types';

const Name = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'a name is 1-32 of a-z, 0-9 and _, starting with a letter');
const Mode = z.string().regex(/^[a-z0-9_.:-]{1,64}$/, 'a mode is 1-64 of a-z, 0-9, _ . : and -').openapi({ example: 'raid-normal' });
const Value = z.number().int().min(-1_000_000_000).max(1_000_000_000);
const fewKeys = (most: number) => (record: Record<string, unknown>) => Object.keys(record).length <= most;
const Attributes = z.record(Name, Value).refine(fewKeys(16), 'at most 16 attributes').openapi({ example: { level: 12 } });
const Range = z.object({ min: Value, max: Value });
const Candidate = { attributes: Attributes.default({}), role: Name.optional().openapi({ example: 'healer' }) };
const Spec = z
  .object({
    ...Candidate,
    mode: Mode,
    capacity: z.number().int().min(2).max(MAX_CAPACITY),
    conditions: z.record(Name, Range).refine(fewKeys(16), 'at most 16 conditions').optional().openapi({ example: { level: { min: 10, max: 20 } } }),
    roles: z.record(Name, z.number().int().min(1).max(MAX_CAPACITY)).refine(fewKeys(8), 'at most 8 roles').optional().openapi({ example: { tank: 1, healer: 1, dps: 2 } }),
    ttlSeconds: z.number().int().min(10).max(MAX_GATHERING_TTL_SECONDS).optional(),
  })
  .openapi('GatheringSpec');
const GatheringId = z.object({ gatheringId: z.string().regex(/^[0-9a-z]{26}$/, 'a gathering id is 26 lowercase letters and digits') });
const GatheringSchema = z
  .object({
    id: z.string(),
    mode: z.string(),
    capacity: z.number().int(),
    conditions: z.record(z.string(), z.object({ min: z.number().int(), max: z.number().int() })),
    roles: z.record(z.string(), z.number().int()).nullable(),
    status: z.enum(['open', 'matched', 'closed']),
    members: z.array(z.object({ userId: z.string(), attributes: z.record(z.string(), z.number().int()), role: z.string().nullable(), joinedAt: z.number().int() })),
    createdAt: z.number().int(),
    deadline: z.number().int(),
    matchedAt: z.number().int().nullable(),
    closedReason: z.enum(['timeout', 'empty', 'admin']).nullable(),
  })
  .openapi('Gathering');
const Gathering = jsonResponse('Gathering', GatheringSchema);

const join = createRoute({
  method: 'post',
  path: '/v1/matchmaking/join',
  operationId: 'postMatchmakingJoin',
  tags: ['matchmaking'],
  security: bearer,
  summary: 'Join the oldest open gathering of the mode that fits, or create one with these rules. Members get a `matched` push when it fills',
  request: { body: jsonBody(Spec) },
  responses: { 200: jsonResponse('Joined or created', z.object({ gathering: GatheringSchema, created: z.boolean() })), ...problems(400, 401, 409) },
});

const create = createRoute({
  method: 'post',
  path: '/v1/matchmaking/gatherings',
  operationId: 'postMatchmakingGatherings',
  tags: ['matchmaking'],
  security: bearer,
  summary: 'Create a gathering with the player as first member',
  request: { body: jsonBody(Spec) },
  responses: { 201: Gathering, ...problems(400, 401, 409) },
});

const show = createRoute({
  method: 'get',
  path: '/v1/matchmaking/gatherings/{gatheringId}',
  operationId: 'getMatchmakingGatherings',
  tags: ['matchmaking'],
  security: bearer,
  summary: 'A gathering (closed with reason `timeout` once past its deadline)',
  request: { params: GatheringId },
  responses: { 200: Gathering, ...problems(400, 401, 404) },
});

const joinOne = createRoute({
  method: 'post',
  path: '/v1/matchmaking/gatherings/{gatheringId}/join',
  operationId: 'postMatchmakingGatheringsJoin',
  tags: ['matchmaking'],
  security: bearer,
  summary: 'Join this gathering (an invitation); 409 gathering_full, gathering_closed or conditions_not_met',
  request: { params: GatheringId, body: jsonBody(z.object(Candidate)) },
  responses: { 200: Gathering, ...problems(400, 401, 404, 409) },
});

const leave = createRoute({
  method: 'post',
  path: '/v1/matchmaking/gatherings/{gatheringId}/leave',
  operationId: 'postMatchmakingGatheringsLeave',
  tags: ['matchmaking'],
  security: bearer,
  summary: 'Leave an open gathering; the last member leaving closes it',
  request: { params: GatheringId },
  responses: { 200: Gathering, ...problems(400, 401, 404, 409) },
});

const current = createRoute({
  method: 'get',
  path: '/v1/matchmaking/current',
  operationId: 'getMatchmakingCurrent',
  tags: ['matchmaking'],
  security: bearer,
  summary: 'The gathering the player is in',
  responses: { 200: Gathering, ...problems(401, 404) },
});

const close = createRoute({
  method: 'post',
  path: '/v1/admin/matchmaking/gatherings/{gatheringId}/close',
  operationId: 'postAdminMatchmakingGatheringsClose',
  tags: ['matchmaking'],
  security: adminBearer,
  summary: 'Close an open gathering; its members get a `gathering.closed` push',
  request: { params: GatheringId },
  responses: { 200: Gathering, ...problems(400, 401, 403, 404) },
});

/** Player matchmaking routes and the admin close route. */
export function matchmakingRoutes(app: OpenAPIHono<AppEnv>, matchmaking: MatchmakingService): void {
  app.openapi(join, async (c) => c.json(await matchmaking.join(c.get('principal').userId, c.req.valid('json')), 200));
  app.openapi(create, async (c) => c.json(await matchmaking.create(c.get('principal').userId, c.req.valid('json')), 201));
  app.openapi(show, async (c) => c.json(await matchmaking.get(c.req.valid('param').gatheringId), 200));
  app.openapi(joinOne, async (c) => c.json(await matchmaking.joinById(c.get('principal').userId, c.req.valid('param').gatheringId, c.req.valid('json')), 200));
  app.openapi(leave, async (c) => c.json(await matchmaking.leave(c.get('principal').userId, c.req.valid('param').gatheringId), 200));
  app.openapi(current, async (c) => c.json(await matchmaking.current(c.get('principal').userId), 200));
  app.openapi(close, async (c) => c.json(await matchmaking.close(c.req.valid('param').gatheringId, 'admin'), 200));
}
