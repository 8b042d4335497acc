import { describe, expect, it } from 'vitest';
import { useBackend } from './backend-client';

const api = useBackend();

describe('leaderboard over HTTP', () => {
  it('submits scores, builds the ranking as admin, reads top N and a standing with neighbours', async () => {
    const players = await Promise.all(Array.from({ length: 5 }, () => api.player()));
    const admin = await api.admin();
    for (const [i, { token }] of players.entries()) {
      const submitted = await api.call('POST', '/v1/leaderboards/spring-cup/scores', { token, body: { score: 100 * (i + 1) } });
      expect(submitted).toMatchObject({ status: 200, body: { board: 'spring-cup', best: 100 * (i + 1), improved: true } });
    }
    const lower = await api.call('POST', '/v1/leaderboards/spring-cup/scores', { token: players[4]!.token, body: { score: 1 } });
    expect(lower.body).toMatchObject({ submitted: 1, best: 500, improved: false });

    const built = await api.call('POST', '/v1/admin/leaderboards/spring-cup/aggregate', { token: admin });
    expect(built.body).toMatchObject({ board: 'spring-cup', built: true, entries: 5 });
    const top = await api.call('GET', '/v1/leaderboards/spring-cup/top?limit=3', { token: players[0]!.token });
    expect(top.body.entries).toEqual([
      { rank: 1, userId: players[4]!.userId, score: 500 },
      { rank: 2, userId: players[3]!.userId, score: 400 },
      { rank: 3, userId: players[2]!.userId, score: 300 },
    ]);
    const me = await api.call('GET', '/v1/leaderboards/spring-cup/me?neighbours=1', { token: players[1]!.token });
    expect(me.body).toMatchObject({ rank: 4, score: 200 });
    expect(me.body.around.map((e: { rank: number }) => e.rank)).toEqual([3, 4, 5]);
    const info = await api.call('GET', '/v1/leaderboards/spring-cup', { token: players[0]!.token });
    expect(info.body).toMatchObject({ board: 'spring-cup', entries: 5, submissions: 6, players: 5 });
    const hot = await api.call('GET', '/v1/admin/leaderboards/hot?limit=1', { token: admin });
    expect(hot.body.boards[0]).toMatchObject({ board: 'spring-cup', submissions: 6, share: 1 });
  }, 30_000);

  it('counts 200 concurrent submissions over HTTP', async () => {
    const { token } = await api.player();
    const players = await Promise.all(Array.from({ length: 10 }, () => api.player()));
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) => api.call('POST', '/v1/leaderboards/rush/scores', { token: players[i % 10]!.token, body: { score: i } })),
    );
    expect(replies.filter((r) => r.status !== 200).map((r) => r.body)).toEqual([]);
    expect((await api.call('GET', '/v1/leaderboards/rush', { token })).body.players).toBe(10);
    await api.call('POST', '/v1/admin/leaderboards/rush/aggregate', { token: await api.admin() });
    expect((await api.call('GET', '/v1/leaderboards/rush', { token })).body).toMatchObject({ entries: 10, submissions: 200 });
    const top = await api.call('GET', '/v1/leaderboards/rush/top?limit=100', { token });
    expect(top.body.entries.map((e: { score: number }) => e.score)).toEqual(Array.from({ length: 10 }, (_, i) => 199 - i));
  }, 30_000);

  it('refuses bad input with 4xx problems', async () => {
    const { token } = await api.player();
    const submit = (board: string, body: unknown) => api.call('POST', `/v1/leaderboards/${board}/scores`, { token, body });
    for (const body of [{}, { score: -1 }, { score: 1.5 }, { score: '10' }, { score: 1e18 }]) {
      expect([(await submit('cup', body)).status, (await submit('cup', body)).body.code]).toEqual([400, 'invalid_request']);
    }
    expect((await submit('Bad Board!', { score: 1 })).status).toBe(400);
    expect((await api.call('GET', '/v1/leaderboards/cup/top?limit=0', { token })).status).toBe(400);
    expect((await api.call('GET', '/v1/leaderboards/cup/me?neighbours=11', { token })).status).toBe(400);
    const none = await api.call('GET', '/v1/leaderboards/empty-board/me', { token });
    expect([none.status, none.body.code]).toEqual([404, 'score_not_found']);
    expect((await api.call('GET', '/v1/leaderboards/cup/top')).status).toBe(401);
    const asPlayer = await api.call('POST', '/v1/admin/leaderboards/cup/aggregate', { token });
    expect([asPlayer.status, asPlayer.body.code]).toEqual([403, 'forbidden']);
  }, 30_000);

  it('counts a retried submission once; another score under the same requestId is 409, a bad requestId 400', async () => {
    const { token } = await api.player();
    const submit = (body: unknown) => api.call('POST', '/v1/leaderboards/retry-cup/scores', { token, body });
    const first = await submit({ score: 40, requestId: 'run-1' });
    expect(first).toMatchObject({ status: 200, body: { submitted: 40, best: 40, improved: true } });
    expect(await submit({ score: 40, requestId: 'run-1' })).toMatchObject({ status: 200, body: first.body });
    const reused = await submit({ score: 41, requestId: 'run-1' });
    expect([reused.status, reused.body.code]).toEqual([409, 'reference_reused']);
    for (const requestId of ['', 'x'.repeat(129), 'has space', 'naïve', 7]) {
      const reply = await submit({ score: 1, requestId });
      expect([reply.status, reply.body.code]).toEqual([400, 'invalid_request']);
    }
    await api.call('POST', '/v1/admin/leaderboards/retry-cup/aggregate', { token: await api.admin() });
    expect((await api.call('GET', '/v1/leaderboards/retry-cup', { token })).body).toMatchObject({ entries: 1, submissions: 1, players: 1 });
  }, 30_000);

  it('documents every leaderboard route in OpenAPI', async () => {
    const { body } = await api.call('GET', '/openapi.json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/leaderboards/{board}/scores',
        '/v1/leaderboards/{board}',
        '/v1/leaderboards/{board}/top',
        '/v1/leaderboards/{board}/me',
        '/v1/admin/leaderboards/{board}/aggregate',
        '/v1/admin/leaderboards/hot',
      ]),
    );
    const submitScore = body.paths['/v1/leaderboards/{board}/scores'].post;
    expect(submitScore.requestBody.content['application/json'].schema.properties.requestId).toMatchObject({ type: 'string', maxLength: 128 });
    expect(Object.keys(submitScore.responses)).toContain('409');
  }, 30_000);
});
