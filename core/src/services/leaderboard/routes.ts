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
const PeriodSchema = z
  .object({ start: z.number().int(), end: z.number().int() })
  .nullable()
  .openapi('LeaderboardPeriod', { description: 'On a board with a reset schedule, the period shown (epoch ms, end excluded); null otherwise' });
const BoardInfoSchema = z
  .object({ board: z.string(), entries: z.number().int(), submissions: z.number().int(), builtAt: BuiltAt, players: z.number().int(), period: PeriodSchema })
  .openapi('LeaderboardInfo');
const PeriodQuery = z
  .union([z.enum(['current', 'previous']), z.coerce.number().int().min(0)])
  .default('current')
  .openapi({ description: "A scheduled board's period: `current`, `previous` (final once its last build ran), or the period's start (epoch ms)" });
const TopSchema = z.object({ board: z.string(), builtAt: BuiltAt, entries: z.array(RankEntrySchema) }).openapi('LeaderboardTop');

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
  request: { params: BoardParams, query: z.object({ period: PeriodQuery }) },
  responses: { 200: jsonResponse('Board', BoardInfoSchema), ...problems(400, 401, 404) },
});

const top = createRoute({
  method: 'get',
  path: '/v1/leaderboards/{board}/top',
  operationId: 'getLeaderboardsTop',
  tags: ['leaderboard'],
  security: bearer,
  summary: 'The best players of the last ranking build (eventually consistent)',
  request: { params: BoardParams, query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(10), period: PeriodQuery }) },
  responses: { 200: jsonResponse('Top', TopSchema), ...problems(400, 401, 404) },
});

const me = createRoute({
  method: 'get',
  path: '/v1/leaderboards/{board}/me',
  operationId: 'getLeaderboardsMe',
  tags: ['leaderboard'],
  security: bearer,
  summary: "The player's current best placed among the last ranking build, with the players around",
  request: { params: BoardParams, query: z.object({ neighbours: z.coerce.number().int().min(0).max(10).default(2), period: PeriodQuery }) },
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
  tags: ['leaderboard'],
  security: adminBearer,
  summary: "Build the board's ranking now (normally a queued job does it seconds after submissions)",
  request: { params: BoardParams },
  responses: {
    200: jsonResponse('Built', z.object({ board: z.string(), built: z.boolean(), entries: z.number().int(), builtAt: BuiltAt }).openapi('RankingBuilt')),
    ...problems(400, 401, 403),
  },
});

const schedule = createRoute({
  method: 'put',
  path: '/v1/admin/leaderboards/{board}/schedule',
  operationId: 'putAdminLeaderboardsSchedule',
  tags: ['leaderboard'],
  security: adminBearer,
  summary: 'Give the board a reset schedule (cron, UTC: `0 0 * * *` daily, `0 0 * * 1` weekly), or remove it with null',
  description: "Each period is ranked on its own; the previous period's final ranking stays readable with `period=previous` for rewards.",
  request: { params: BoardParams, body: jsonBody(z.object({ cron: z.string().max(100).nullable() })) },
  responses: { 200: jsonResponse('Schedule', z.object({ board: z.string(), cron: z.string().nullable() }).openapi('LeaderboardSchedule')), ...problems(400, 401, 403) },
});

const ranking = createRoute({
  method: 'get',
  path: '/v1/admin/leaderboards/{board}/ranking',
  operationId: 'getAdminLeaderboardsRanking',
  tags: ['leaderboard'],
  security: adminBearer,
  summary: "A slice of the board's last built ranking from a 0-based offset (e.g. the previous period's, to hand out rewards)",
  request: {
    params: BoardParams,
    query: z.object({ offset: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(100), period: PeriodQuery }),
  },
  responses: { 200: jsonResponse('Ranking', TopSchema), ...problems(400, 401, 403, 404) },
});

const hot = createRoute({
  method: 'get',
  path: '/v1/admin/leaderboards/hot',
  operationId: 'getAdminLeaderboardsHot',
  tags: ['leaderboard'],
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
  app.openapi(info, async (c) => c.json(await leaderboards.info(c.req.valid('param').board, c.req.valid('query').period), 200));
  app.openapi(top, async (c) => {
    const { limit, period } = c.req.valid('query');
    return c.json(await leaderboards.top(c.req.valid('param').board, limit, period), 200);
  });
  app.openapi(me, async (c) => {
    const { neighbours, period } = c.req.valid('query');
    return c.json(await leaderboards.standing(c.get('principal').userId, c.req.valid('param').board, neighbours, period), 200);
  });
  app.openapi(schedule, async (c) => {
    const { board } = c.req.valid('param');
    const set = await leaderboards.setSchedule(board, c.req.valid('json').cron);
    return c.json({ board, cron: set?.cron ?? null }, 200);
  });
  app.openapi(ranking, async (c) => {
    const { offset, limit, period } = c.req.valid('query');
    return c.json(await leaderboards.ranking(c.req.valid('param').board, offset, limit, period), 200);
  });
  app.openapi(hot, async (c) => {
    const boards = leaderboards.busiestBoards(c.req.valid('query').limit);
    return c.json({ boards: boards.map(({ key, count, error, share }) => ({ board: key, submissions: count, error, share })) }, 200);
  });
  app.openapi(aggregate, async (c) => c.json(await leaderboards.aggregateNow(c.req.valid('param').board), 200));
}
