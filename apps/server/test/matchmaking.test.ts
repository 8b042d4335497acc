import { describe, expect, it } from 'vitest';
import { useBackend } from './backend-client';
import { listen } from './push-listener';

const api = useBackend();

describe('matchmaking over HTTP with live push', () => {
  it('finds or creates a gathering; when it fills every connected member gets one `matched` push', async () => {
    const players = await Promise.all(Array.from({ length: 4 }, () => api.player()));
    const sockets = await Promise.all(players.map((p) => listen(api.url(), p.token)));
    const spec = { mode: 'coop', capacity: 4, attributes: { level: 20 }, conditions: { level: { min: 10, max: 30 } } };
    const joins = [];
    for (const { token } of players) joins.push(await api.call('POST', '/v1/matchmaking/join', { token, body: spec }));
    expect(joins.map((j) => [j.status, j.body.created])).toEqual([
      [200, true],
      [200, false],
      [200, false],
      [200, false],
    ]);
    const gatheringId = joins[0]!.body.gathering.id;
    expect(joins[3]!.body.gathering).toMatchObject({ id: gatheringId, status: 'matched' });
    await Promise.all(sockets.map((s) => s.waitFor('matched')));
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const socket of sockets) {
      expect(socket.events).toEqual([{ type: 'matched', data: { gatheringId, mode: 'coop', members: players.map((p) => p.userId) } }]);
      socket.close();
    }
    const current = await api.call('GET', '/v1/matchmaking/current', { token: players[2]!.token });
    expect(current.body).toMatchObject({ id: gatheringId, status: 'matched' });
  }, 30_000);

  it('lets exactly capacity-1 of 6 concurrent invitees in; each member is pushed once', async () => {
    const owner = await api.player();
    const invitees = await Promise.all(Array.from({ length: 6 }, () => api.player()));
    const sockets = await Promise.all([owner, ...invitees].map((p) => listen(api.url(), p.token)));
    const created = await api.call('POST', '/v1/matchmaking/gatherings', { token: owner.token, body: { mode: 'squad', capacity: 3 } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const replies = await Promise.all(invitees.map(({ token }) => api.call('POST', `/v1/matchmaking/gatherings/${id}/join`, { token, body: {} })));
    expect(replies.filter((r) => r.status === 200)).toHaveLength(2);
    expect(replies.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(Array(4).fill('gathering_full'));
    const gathering = (await api.call('GET', `/v1/matchmaking/gatherings/${id}`, { token: owner.token })).body;
    expect(gathering.members).toHaveLength(3);
    const members = new Set(gathering.members.map((m: { userId: string }) => m.userId));
    const memberSockets = sockets.filter((_, i) => members.has([owner, ...invitees][i]!.userId));
    await Promise.all(memberSockets.map((s) => s.waitFor('matched')));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sockets.map((s) => s.events.filter((e) => e.type === 'matched').length).sort()).toEqual([0, 0, 0, 0, 1, 1, 1]);
    sockets.forEach((s) => s.close());
  }, 30_000);

  it('lets the admin close an open gathering; its members are told', async () => {
    const player = await api.player();
    const socket = await listen(api.url(), player.token);
    const { body } = await api.call('POST', '/v1/matchmaking/gatherings', { token: player.token, body: { mode: 'quiet', capacity: 2 } });
    const closed = await api.call('POST', `/v1/admin/matchmaking/gatherings/${body.id}/close`, { token: await api.admin() });
    expect(closed.body).toMatchObject({ status: 'closed', closedReason: 'admin' });
    await socket.waitFor('gathering.closed');
    expect(socket.events).toEqual([{ type: 'gathering.closed', data: { gatheringId: body.id, reason: 'admin' } }]);
    socket.close();
    const joinClosed = await api.call('POST', `/v1/matchmaking/gatherings/${body.id}/join`, { token: (await api.player()).token, body: {} });
    expect([joinClosed.status, joinClosed.body.code]).toEqual([409, 'gathering_closed']);
  }, 30_000);

  it('refuses bad input with clear 4xx problems', async () => {
    const { token } = await api.player();
    const join = (body: unknown) => api.call('POST', '/v1/matchmaking/join', { token, body });
    for (const body of [{}, { mode: 'x', capacity: 1 }, { mode: 'x', capacity: 33 }, { mode: 'Bad Mode', capacity: 2 }, { mode: 'x', capacity: 2, attributes: { level: 1.5 } }]) {
      expect([(await join(body)).status, (await join(body)).body.code]).toEqual([400, 'invalid_request']);
    }
    const roles = await join({ mode: 'x', capacity: 4, roles: { tank: 1, dps: 2 }, role: 'tank' });
    expect([roles.status, roles.body.code]).toEqual([400, 'invalid_rules']);
    const unfit = await join({ mode: 'x', capacity: 2, attributes: { level: 5 }, conditions: { level: { min: 10, max: 20 } } });
    expect([unfit.status, unfit.body.code]).toEqual([400, 'invalid_rules']);
    expect((await api.call('GET', '/v1/matchmaking/gatherings/nope', { token })).status).toBe(400);
    const missing = await api.call('GET', '/v1/matchmaking/gatherings/0000000000aaaaaaaaaaaaaaaa', { token });
    expect([missing.status, missing.body.code]).toEqual([404, 'gathering_not_found']);
    const none = await api.call('GET', '/v1/matchmaking/current', { token });
    expect([none.status, none.body.code]).toEqual([404, 'no_gathering']);
    const { body: mine } = await join({ mode: 'x', capacity: 2 });
    const twice = await join({ mode: 'y', capacity: 2 });
    expect([twice.status, twice.body.code]).toEqual([409, 'already_in_gathering']);
    const stranger = await api.call('POST', `/v1/matchmaking/gatherings/${mine.gathering.id}/leave`, { token: (await api.player()).token });
    expect([stranger.status, stranger.body.code]).toEqual([404, 'not_a_member']);
    expect((await api.call('POST', `/v1/matchmaking/gatherings/${mine.gathering.id}/leave`, { token })).body).toMatchObject({ status: 'closed', closedReason: 'empty' });
    expect((await api.call('GET', '/v1/matchmaking/current')).status).toBe(401);
    expect((await api.call('POST', `/v1/admin/matchmaking/gatherings/${mine.gathering.id}/close`, { token })).status).toBe(403);
  }, 30_000);

  it('documents every matchmaking route in OpenAPI', async () => {
    const { body } = await api.call('GET', '/openapi.json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/matchmaking/join',
        '/v1/matchmaking/gatherings',
        '/v1/matchmaking/gatherings/{gatheringId}',
        '/v1/matchmaking/gatherings/{gatheringId}/join',
        '/v1/matchmaking/gatherings/{gatheringId}/leave',
        '/v1/matchmaking/current',
        '/v1/admin/matchmaking/gatherings/{gatheringId}/close',
      ]),
    );
  }, 30_000);
});
