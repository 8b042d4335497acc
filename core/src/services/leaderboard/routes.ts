import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import { adminBearer, bearer, jsonBody, jsonResponse, problems } from '../../http/schemas';
import { RequestIdSchema } from '../inventory/schemas';
import type { LeaderboardService } from './leaderboard-service';
import { MAX_SCORE } from './leaderboard-types';

const Board = z.string().regex(/^[a-z0-9_-]{1,64}$/, 'a board is 1-64 of a-z, 0-9, _ and -').openapi({ example: 'summer-event' });
const BoardParams = z.object({ board: Board });
const BuiltAt = z.number().int().nullable().openapi({ description: 'When the ranking build started (ms); it holds every score submitted before' });
const RankEntrySchema = z.object({ rank: z.number().int(), userId: z.string(), score: z.number().int() }).openapi('RankEntry');
const SubmitResultSchema = z
  .object({ board: z.string(), userId: z.string(), submitted: z.number().int(), best: z.number().int(), improved: z.boolean() })
  .openapi('ScoreSubmitted');
const BoardInfoSchema = z
  .object({ board: z.string(), entries: z.number().int(), submissions: z.number().int(), builtAt: BuiltAt, players: z.number().int() })
  .openapi('LeaderboardInfo');

const submit = createRoute({
  method: 'post',
  path: '/v1/leaderboards/{board}/scores',
  operationId: 'postLeaderboardsScores',
  tags: ['leaderboard'],
  security: bearer,
  summary: "Submit a score; the player's best is kept. The ranking includes it after the next build (seconds). Idempotent per requestId",
  description:
    'With `requestId`, a retried submission by the same player returns the first result and is counted once; ' +
    'the same requestId with a different score is refused with 409 `reference_reused`.',
  request: { params: BoardParams, body: jsonBody(z.object({ score: z.number().int().min(0).max(MAX_SCORE), requestId: RequestIdSchema.optional() })) },
  responses: { 200: jsonResponse('Submitted', SubmitResultSchema), ...problems(400, 401, 409) },
});

const info = createRoute({
  method: 'get',
  path: '/v1/leaderboards/{board}',
  operationId: 'getLeaderboards',
  tags: ['leaderboard'],
  security: bearer,
  summary: 'Players and submissions in the last ranking build, when it was built, and the live player count',
  request: { params: BoardParams },
  responses: { 200: jsonResponse('Board', BoardInfoSchema), ...problems(400, 401) },
});

const top = createRoute({
  method: 'get',
  path: '/v1/leaderboards/{board}/top',
  operationId: 'getLeaderboardsTop',
  tags: ['leaderboard'],
  security: bearer,
  summary: 'The best players of the last ranking build (eventually consistent)',
  request: { params: BoardParams, query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(10) }) },
  responses: {
    200: jsonResponse('Top', z.object({ board: z.string(), builtAt: BuiltAt, entries: z.array(RankEntrySchema) }).openapi('LeaderboardTop')),
    ...problems(400, 401),
  },
});

const me = createRoute({
  method: 'get',
  path: '/v1/leaderboards/{board}/me',
  operationId: 'getLeaderboardsMe',
  tags: ['leaderboard'],
  security: bearer,
  summary: "The player's current best placed among the last ranking build, with the players around",
  request: { params: BoardParams, query: z.object({ neighbours: z.coerce.number().int().min(0).max(10).default(2) }) },
  responses: {
    200: jsonResponse(
      'Standing',
      z.object({ board: z.string(), builtAt: BuiltAt, rank: z.number().int(), score: z.number().int(), around: z.array(RankEntrySchema) }).openapi('Standing'),
    ),
    ...problems(400, 401, 404),
  },
});

const aggregate = createRoute({
  method: 'post',
  path: '/v1/admin/leaderboards/{board}/aggregate',
  operationId: 'postAdminLeaderboardsAggregate',
  tags: ['admin', 'leaderboard'],
  security: adminBearer,
  summary: "Build the board's ranking now (normally a queued job does it seconds after submissions)",
  request: { params: BoardParams },
  responses: {
    200: jsonResponse('Built', z.object({ board: z.string(), built: z.boolean(), entries: z.number().int(), builtAt: BuiltAt }).openapi('RankingBuilt')),
    ...problems(400, 401, 403),
  },
});

const hot = createRoute({
  method: 'get',
  path: '/v1/admin/leaderboards/hot',
  operationId: 'getAdminLeaderboardsHot',
  tags: ['admin', 'leaderboard'],
  security: adminBearer,
  summary: 'The boards that took most submissions on this instance (hot keys), busiest first',
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(10) }) },
  responses: {
    200: jsonResponse(
      'Hot boards',
      z.object({ boards: z.array(z.object({ board: z.string(), submissions: z.number().int(), error: z.number().int(), share: z.number() })) }),
    ),
    ...problems(400, 401, 403),
  },
});

/** Player leaderboard routes and the admin build and hot-board routes. */
export function leaderboardRoutes(app: OpenAPIHono<AppEnv>, leaderboards: LeaderboardService): void {
  app.openapi(submit, async (c) => {
    const { score, requestId } = c.req.valid('json');
    return c.json(await leaderboards.submit(c.get('principal').userId, c.req.valid('param').board, score, requestId), 200);
  });
  app.openapi(info, async (c) => c.json(await leaderboards.info(c.req.valid('param').board), 200));
  app.openapi(top, async (c) => c.json(await leaderboards.top(c.req.valid('param').board, c.req.valid('query').limit), 200));
  app.openapi(me, async (c) => c.json(await leaderboards.standing(c.get('principal').userId, c.req.valid('param').board, c.req.valid('query').neighbours), 200));
  app.openapi(hot, async (c) => {
    const boards = leaderboards.busiestBoards(c.req.valid('query').limit);
    return c.json({ boards: boards.map(({ key, count, error, share }) => ({ board: key, submissions: count, error, share })) }, 200);
  });
  app.openapi(aggregate, async (c) => c.json(await leaderboards.aggregate(c.req.valid('param').board), 200));
}
