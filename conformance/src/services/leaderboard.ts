import { expect, it } from 'vitest';
import { HotKeyTracker, LEADERBOARD_QUEUE, LeaderboardService, PORTS, resolve, SCORE_SHARDS, scorePartition, SERVICES, ShardedCounter, type AggregateJob, type Queue } from '@kumo/core';
import { unique } from '../unique';
import type { ServiceScenarios } from './context';
import { pollJobsUntil } from './poll-jobs';

/** Leaderboards: the hot-key submission path under concurrency, the queued ranking build, rank and neighbours. */
export const leaderboardScenarios: ServiceScenarios = (context) => {
  const { container } = context;
  it('counts 200 concurrent submissions from 50 players: every best kept, spread over the score shards, ranked in order', async () => {
    const leaderboards = resolve(container(), SERVICES.Leaderboard);
    const store = resolve(container(), PORTS.Store);
    const board = unique('event');
    const players = Array.from({ length: 50 }, (_, i) => unique(`p${i}`));
    const scoreOf = (i: number) => ((i * 37) % 200) * 10;
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => leaderboards.submit(players[i % 50]!, board, scoreOf(i))));
    expect(results.filter((r) => r.improved).length).toBeGreaterThanOrEqual(50);

    const best = players.map((userId, p) => ({ userId, score: Math.max(...[0, 1, 2, 3].map((k) => scoreOf(p + 50 * k))) }));
    expect((await leaderboards.info(board)).players).toBe(50);
    const shards = await Promise.all(Array.from({ length: SCORE_SHARDS }, (_, s) => store.query(scorePartition(board, s), { prefix: 'score:' })));
    expect(shards.filter((page) => page.items.length > 0).length).toBeGreaterThan(SCORE_SHARDS / 2);
    expect(shards.reduce((sum, page) => sum + page.items.length, 0)).toBe(50);

    expect(await leaderboards.aggregate(board)).toMatchObject({ built: true, entries: 50 });
    expect(await leaderboards.info(board)).toMatchObject({ entries: 50, submissions: 200, players: 50 });
    const top = await leaderboards.top(board, 100);
    expect(top.entries).toHaveLength(50);
    expect(top.entries.map((e) => e.score)).toEqual(best.map((b) => b.score).sort((a, b) => b - a));
    expect(top.entries.map((e) => e.rank)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const middle = top.entries[20]!;
    const standing = await leaderboards.standing(middle.userId, board, 2);
    expect(standing).toMatchObject({ rank: 21, score: middle.score });
    expect(standing.around).toEqual(top.entries.slice(18, 23));
  }, 120_000);

  it('builds the ranking through the queued job; a new best is placed at once among the last build', async () => {
    const leaderboards = resolve(container(), SERVICES.Leaderboard);
    const board = unique('daily');
    const [ann, bob, cid] = [unique('ann'), unique('bob'), unique('cid')];
    await leaderboards.submit(ann, board, 300);
    await leaderboards.submit(bob, board, 200);
    await leaderboards.submit(cid, board, 100);
    await expect(leaderboards.standing(ann, board, 1)).rejects.toMatchObject({ code: 'ranking_not_built' });
    await pollJobsUntil(context, async () => (await leaderboards.info(board)).entries === 3);
    expect((await leaderboards.top(board, 10)).entries.map((e) => e.userId)).toEqual([ann, bob, cid]);

    expect(await leaderboards.submit(cid, board, 250)).toMatchObject({ best: 250, improved: true });
    expect(await leaderboards.submit(cid, board, 50)).toMatchObject({ best: 250, improved: false });
    const standing = await leaderboards.standing(cid, board, 1);
    expect(standing).toMatchObject({ rank: 2, score: 250 });
    expect(standing.around.map((e) => [e.rank, e.userId])).toEqual([
      [1, ann],
      [2, cid],
      [3, bob],
    ]);
    expect((await leaderboards.top(board, 10)).entries.map((e) => e.userId)).toEqual([ann, bob, cid]);
  }, 90_000);

  it('counts a submission once per requestId, also when retried concurrently; the same requestId with another score is refused', async () => {
    const leaderboards = resolve(container(), SERVICES.Leaderboard);
    const board = unique('retry');
    const [ann, bob] = [unique('ann'), unique('bob')];
    const first = await leaderboards.submit(ann, board, 100, 'r-1');
    expect(first).toMatchObject({ submitted: 100, best: 100, improved: true });
    expect(await leaderboards.submit(ann, board, 100, 'r-1')).toEqual(first);
    const racing = await Promise.all(Array.from({ length: 3 }, () => leaderboards.submit(ann, board, 150, 'r-2')));
    expect(racing.every((r) => r.best === 150 && r.improved)).toBe(true);
    await expect(leaderboards.submit(ann, board, 101, 'r-1')).rejects.toMatchObject({ code: 'reference_reused' });
    expect(await leaderboards.submit(bob, board, 100, 'r-1')).toMatchObject({ userId: bob, improved: true });
    expect(await leaderboards.aggregate(board)).toMatchObject({ built: true, entries: 2 });
    expect(await leaderboards.info(board)).toMatchObject({ entries: 2, submissions: 3, players: 2 });
  }, 60_000);

  it('refuses bad scores and explains a missing standing', async () => {
    const leaderboards = resolve(container(), SERVICES.Leaderboard);
    const board = unique('bad');
    await expect(leaderboards.submit(unique('u'), board, -1)).rejects.toMatchObject({ code: 'invalid_score' });
    await expect(leaderboards.submit(unique('u'), board, 1.5)).rejects.toMatchObject({ code: 'invalid_score' });
    await expect(leaderboards.standing(unique('u'), board, 1)).rejects.toMatchObject({ code: 'score_not_found' });
    expect(await leaderboards.top(board, 5)).toEqual({ board, builtAt: null, entries: [] });
    expect(await leaderboards.info(board)).toEqual({ board, entries: 0, submissions: 0, builtAt: null, players: 0, period: null });
  });

  it('a sharded counter counts 100 concurrent increments exactly', async () => {
    const counter = new ShardedCounter(resolve(container(), PORTS.Store), { name: unique('hits'), shards: 16 });
    await Promise.all(Array.from({ length: 100 }, () => counter.add()));
    expect(await counter.value()).toBe(100);
  }, 60_000);

  it('queues one ranking build per window across instances: two instances taking submissions at the same moment send one job', async () => {
    const get = container();
    const [store, queue] = [resolve(get, PORTS.Store), resolve(get, PORTS.Queue)];
    const sent: unknown[] = [];
    const recording: Queue = {
      capabilities: queue.capabilities,
      async send(name, body, options) {
        if (name === LEADERBOARD_QUEUE) sent.push(body);
        return queue.send(name, body, options);
      },
      receive: (name, options) => queue.receive(name, options),
      ack: (name, message) => queue.ack(name, message),
      retry: (name, message, delaySeconds) => queue.retry(name, message, delaySeconds),
    };
    const moment = context.clock.now();
    const frozen = { now: () => moment };
    const instances = [0, 1].map(() => new LeaderboardService(store, recording, resolve(get, PORTS.Ids), frozen, new HotKeyTracker()));
    const board = unique('shared');
    await Promise.all(Array.from({ length: 12 }, (_, i) => instances[i % 2]!.submit(unique(`p${i}`), board, i)));
    expect(sent.filter((job) => (job as AggregateJob).board === board)).toHaveLength(1);
    await instances[1]!.submit(unique('late'), board, 99);
    expect(sent.filter((job) => (job as AggregateJob).board === board)).toHaveLength(1);
  }, 60_000);

  it('resets a scheduled board each period; the previous period keeps its final ranking for rewards', async () => {
    const leaderboards = resolve(container(), SERVICES.Leaderboard);
    const board = unique('minutely');
    const [ann, bob, cid, dan] = [unique('ann'), unique('bob'), unique('cid'), unique('dan')];
    await expect(leaderboards.setSchedule(board, 'every day')).rejects.toMatchObject({ code: 'invalid_schedule' });
    await expect(leaderboards.top(board, 10, 'previous')).rejects.toMatchObject({ code: 'board_not_scheduled' });
    expect(await leaderboards.setSchedule(board, '* * * * *')).toEqual({ cron: '* * * * *' });
    const before = (await leaderboards.info(board)).period!;
    expect(before.end - before.start).toBe(60_000);
    context.clock.advance(before.end - context.clock.now() + 1_000);
    const first = (await leaderboards.info(board)).period!;
    expect(first.start).toBe(before.end);

    await leaderboards.submit(ann, board, 100);
    await leaderboards.submit(bob, board, 200);
    expect(await leaderboards.aggregateNow(board)).toMatchObject({ built: true, entries: 2 });
    await leaderboards.submit(dan, board, 300);
    context.clock.advance(first.end - context.clock.now());
    await leaderboards.submit(cid, board, 50);
    expect((await leaderboards.info(board)).period).toEqual({ start: first.end, end: first.end + 60_000 });
    await pollJobsUntil(context, async () => (await leaderboards.info(board, 'previous')).entries === 3 && (await leaderboards.info(board)).entries === 1);

    expect((await leaderboards.top(board, 10)).entries.map((e) => e.userId)).toEqual([cid]);
    const final = await leaderboards.top(board, 10, 'previous');
    expect(final.entries.map((e) => [e.rank, e.userId, e.score])).toEqual([
      [1, dan, 300],
      [2, bob, 200],
      [3, ann, 100],
    ]);
    expect(await leaderboards.top(board, 10, first.start)).toEqual(final);
    expect(await leaderboards.ranking(board, 1, 5, 'previous')).toMatchObject({ entries: [{ rank: 2, userId: bob }, { rank: 3, userId: ann }] });
    expect(await leaderboards.standing(ann, board, 1, 'previous')).toMatchObject({ rank: 3, score: 100 });
    await expect(leaderboards.standing(ann, board, 1)).rejects.toMatchObject({ code: 'score_not_found' });
    expect(await leaderboards.info(board, 'previous')).toMatchObject({ entries: 3, submissions: 3, period: first });
  }, 120_000);

  it('bulk-loads a board in rank order in the layout submissions make: reads, a later submission and the next build agree; a second load is refused', async () => {
    const leaderboards = resolve(container(), SERVICES.Leaderboard);
    const board = unique('imported');
    const players = Array.from({ length: 600 }, (_, i) => unique(`p${String(i).padStart(3, '0')}`));
    const rows = players.map((userId, i) => ({ userId, score: 10 * (600 - i), achievedAt: 1_000 }));
    expect(await leaderboards.load(board, rows)).toBe(600);
    expect(await leaderboards.info(board)).toMatchObject({ entries: 600, submissions: 600, players: 600 });
    expect((await leaderboards.ranking(board, 298, 3)).entries.map((e) => e.userId)).toEqual(players.slice(298, 301));
    expect(await leaderboards.standing(players[400]!, board, 0)).toMatchObject({ rank: 401, score: 2_000 });

    expect(await leaderboards.submit(players[599]!, board, 5_995)).toMatchObject({ best: 5_995, improved: true });
    expect(await leaderboards.aggregate(board)).toMatchObject({ built: true, entries: 600 });
    expect((await leaderboards.ranking(board, 0, 2)).entries.map((e) => e.userId)).toEqual([players[0], players[599]]);
    expect(await leaderboards.info(board)).toMatchObject({ submissions: 601 });

    await expect(leaderboards.load(board, rows)).rejects.toMatchObject({ code: 'invalid_board_load' });
    await expect(leaderboards.load(unique('unsorted'), [...rows].reverse())).rejects.toMatchObject({ code: 'invalid_board_load' });
  }, 120_000);

  it('refuses to load a player twice, or a player who already submitted to the board', async () => {
    const leaderboards = resolve(container(), SERVICES.Leaderboard);
    const players = Array.from({ length: 300 }, (_, i) => unique(`q${String(i).padStart(3, '0')}`));
    const rows = players.map((userId, i) => ({ userId, score: 10 * (300 - i), achievedAt: 1_000 }));
    const twice = [...rows.slice(0, 200), { ...rows[0]!, score: 5 }];
    await expect(leaderboards.load(unique('twice'), twice)).rejects.toMatchObject({ code: 'invalid_board_load' });
    const board = unique('submitted');
    await leaderboards.submit(players[150]!, board, 1);
    await expect(leaderboards.load(board, rows)).rejects.toMatchObject({ code: 'invalid_board_load' });
    expect(await leaderboards.aggregate(board)).toMatchObject({ built: true });
    expect(await leaderboards.standing(players[150]!, board, 0)).toMatchObject({ rank: 1, score: 1 });
  }, 120_000);
};
