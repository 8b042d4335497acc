import { expect, it } from 'vitest';
import { MATCHMAKING_EXPIRE_QUEUE, MatchmakingService, PORTS, resolve, SERVICES, type Gathering, type Store } from '@kumo/core';
import { unique } from '../unique';
import type { ServiceScenarios } from './context';
import { pollJobsUntil } from './poll-jobs';

/** Gatherings: capacity under concurrent joins, one `matched` push per member, rules, leaving, timeouts. */
export const matchmakingScenarios: ServiceScenarios = (context) => {
  const { container, mobile, clock } = context;
  const pushesOf = (type: string, gatheringId: string) => mobile.sent.filter((s) => s.event.type === type && s.event.data.gatheringId === gatheringId);

  it('fills a gathering under 10 concurrent joins with exactly its capacity; each member gets one `matched` push', async () => {
    const matchmaking = resolve(container(), SERVICES.Matchmaking);
    const mode = unique('duel');
    const owner = unique('owner');
    const created = await matchmaking.create(owner, { mode, capacity: 4, attributes: { level: 5 } });
    const joiners = Array.from({ length: 10 }, () => unique('joiner'));
    const outcomes = await Promise.allSettled(joiners.map((userId) => matchmaking.joinById(userId, created.id, { attributes: { level: 5 } })));
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.code);
    expect(refused).toEqual(Array(7).fill('gathering_full'));

    const gathering = await matchmaking.get(created.id);
    expect(gathering.status).toBe('matched');
    expect(gathering.members).toHaveLength(4);
    const members = gathering.members.map((m) => m.userId);
    expect(new Set(members).size).toBe(4);
    await pollJobsUntil(context, () => pushesOf('matched', created.id).length >= 4);
    await resolve(container(), SERVICES.Jobs).poll(0);
    const pushes = pushesOf('matched', created.id);
    expect(pushes.map((p) => p.userId).sort()).toEqual([...members].sort());
    expect(pushes[0]!.event.data).toMatchObject({ mode, members });
    expect((await matchmaking.current(members[3]!)).status).toBe('matched');
  }, 60_000);

  it('puts 8 concurrent find-or-create joins in gatherings of exactly their capacity, each player in one', async () => {
    const matchmaking = resolve(container(), SERVICES.Matchmaking);
    const mode = unique('trio');
    const players = Array.from({ length: 8 }, () => unique('p'));
    const seed = await matchmaking.create(players[0]!, { mode, capacity: 3, attributes: {} });
    const joined = await Promise.all(players.slice(1).map((userId) => matchmaking.join(userId, { mode, capacity: 3, attributes: {} })));
    const ids = new Set([seed.id, ...joined.map((j) => j.gathering.id)]);
    const gatherings: Gathering[] = await Promise.all([...ids].map((id) => matchmaking.get(id)));
    for (const g of gatherings) expect(g.members.length).toBeLessThanOrEqual(3);
    expect(gatherings.flatMap((g) => g.members.map((m) => m.userId)).sort()).toEqual([...players].sort());
    expect(gatherings.find((g) => g.id === seed.id)!.status).toBe('matched');
  }, 60_000);

  it('joins only a gathering whose ranges and role seats fit, else creates one; leaving frees the seat', async () => {
    const matchmaking = resolve(container(), SERVICES.Matchmaking);
    const mode = unique('raid');
    const rules = { mode, capacity: 3, conditions: { level: { min: 10, max: 20 } }, roles: { tank: 1, dps: 2 } };
    const tank = unique('tank');
    const first = await matchmaking.join(tank, { ...rules, attributes: { level: 15 }, role: 'tank' });
    expect(first.created).toBe(true);
    const veteran = await matchmaking.join(unique('vet'), { mode, capacity: 2, attributes: { level: 30 }, role: 'dps' });
    expect(veteran.created).toBe(true);
    const secondTank = await matchmaking.join(unique('tank'), { ...rules, conditions: { level: { min: 12, max: 12 } }, attributes: { level: 12 }, role: 'tank' });
    expect(secondTank.created).toBe(true);
    const dps = unique('dps');
    const fits = await matchmaking.join(dps, { ...rules, attributes: { level: 11 }, role: 'dps' });
    expect(fits).toMatchObject({ created: false, gathering: { id: first.gathering.id } });
    await expect(matchmaking.joinById(unique('low'), first.gathering.id, { attributes: { level: 3 }, role: 'dps' })).rejects.toMatchObject({
      code: 'conditions_not_met',
    });
    await expect(matchmaking.join(dps, { ...rules, attributes: { level: 11 }, role: 'dps' })).rejects.toMatchObject({ code: 'already_in_gathering' });
    await expect(matchmaking.create(tank, { ...rules, capacity: 4, attributes: { level: 15 }, role: 'tank' })).rejects.toMatchObject({ code: 'invalid_rules' });

    expect((await matchmaking.leave(dps, first.gathering.id)).members.map((m) => m.userId)).toEqual([tank]);
    await expect(matchmaking.current(dps)).rejects.toMatchObject({ code: 'no_gathering' });
    await expect(matchmaking.leave(dps, first.gathering.id)).rejects.toMatchObject({ code: 'not_a_member' });
    expect(await matchmaking.leave(tank, first.gathering.id)).toMatchObject({ status: 'closed', closedReason: 'empty', members: [] });
  }, 60_000);

  it('closes a gathering not filled by its deadline (on access, or by the queued job) and tells its members', async () => {
    const matchmaking = resolve(container(), SERVICES.Matchmaking);
    const jobs = resolve(container(), SERVICES.Jobs);
    const mode = unique('slow');
    const [early, late] = [unique('early'), unique('late')];
    const onAccess = await matchmaking.create(early, { mode, capacity: 2, attributes: {}, ttlSeconds: 60 });
    const byJob = await matchmaking.create(late, { mode: `${mode}-b`, capacity: 2, attributes: {}, ttlSeconds: 90 });
    await jobs.run(MATCHMAKING_EXPIRE_QUEUE, { gatheringId: byJob.id });
    expect((await matchmaking.current(late)).status).toBe('open');
    clock.advance(91_000);

    expect(await matchmaking.get(onAccess.id)).toMatchObject({ status: 'closed', closedReason: 'timeout' });
    await jobs.run(MATCHMAKING_EXPIRE_QUEUE, { gatheringId: byJob.id });
    expect((await matchmaking.current(late)).closedReason).toBe('timeout');
    const next = await matchmaking.join(unique('next'), { mode, capacity: 2, attributes: {} });
    expect(next.created).toBe(true);
    await pollJobsUntil(context, () => pushesOf('gathering.closed', onAccess.id).length + pushesOf('gathering.closed', byJob.id).length >= 2);
    expect(pushesOf('gathering.closed', onAccess.id)).toEqual([{ userId: early, event: { type: 'gathering.closed', data: { gatheringId: onAccess.id, reason: 'timeout' } } }]);
    expect(pushesOf('gathering.closed', byJob.id).map((p) => p.userId)).toEqual([late]);
  }, 60_000);

  it('matches at least 18 of 20 players pressing quick match (capacity 2) at once, each in one gathering; the unmatched may press again', async () => {
    const matchmaking = resolve(container(), SERVICES.Matchmaking);
    const mode = unique('quick');
    const players = Array.from({ length: 20 }, () => unique('q'));
    const spec = { mode, capacity: 2, attributes: {} };
    // Each press is a client that tries again after a failed request (a backend may refuse a read
    // under contention); pressing again while waiting alone is allowed, so a retry is always safe.
    const press = async (userId: string, tries = 5): Promise<unknown> =>
      matchmaking.join(userId, spec).catch((error: unknown) => (tries > 1 ? press(userId, tries - 1) : Promise.reject(error)));
    await Promise.all(players.map((userId) => press(userId)));
    const status = async () => Promise.all(players.map(async (userId) => ({ userId, gathering: await matchmaking.current(userId) })));
    const first = await status();
    const matched = first.filter((p) => p.gathering.status === 'matched');
    expect(matched.length).toBeGreaterThanOrEqual(18);
    for (const { userId, gathering } of first) {
      expect(gathering.members.filter((m) => m.userId === userId)).toHaveLength(1);
      expect(gathering.members.length).toBeLessThanOrEqual(2);
    }
    const waiting = first.filter((p) => p.gathering.status === 'open').map((p) => p.userId);
    await Promise.all(waiting.map((userId) => press(userId)));
    const second = await status();
    expect(second.filter((p) => p.gathering.status === 'matched').length).toBeGreaterThanOrEqual(matched.length + 2 * Math.floor(waiting.length / 2));
    const seats = new Map<string, number>();
    for (const { gathering } of second) seats.set(gathering.id, gathering.members.length);
    expect([...seats.values()].reduce((sum, n) => sum + n, 0)).toBe(20);

    const lone = unique('lone');
    const alone = await matchmaking.join(lone, { mode: unique('empty'), capacity: 2, attributes: {} });
    expect(await matchmaking.join(lone, { mode: alone.gathering.mode, capacity: 2, attributes: {} })).toEqual({ gathering: alone.gathering, created: false });
  }, 120_000);

  it('looks past 120 open gatherings the player does not fit (more than a page of the pool) to find the one that fits', async () => {
    const matchmaking = resolve(container(), SERVICES.Matchmaking);
    const mode = unique('picky');
    const unfit = { mode, capacity: 2, attributes: { level: 1 }, conditions: { level: { min: 1, max: 1 } } };
    for (let batch = 0; batch < 12; batch++) await Promise.all(Array.from({ length: 10 }, () => matchmaking.create(unique('low'), unfit)));
    const host = await matchmaking.create(unique('high'), { mode, capacity: 2, attributes: { level: 50 }, conditions: { level: { min: 40, max: 60 } } });
    expect(await matchmaking.join(unique('joiner'), { mode, capacity: 2, attributes: { level: 50 } })).toMatchObject({ created: false, gathering: { id: host.id, status: 'matched' } });
  }, 180_000);

  it('spreads 10 concurrent joiners over 10 open gatherings instead of all trying the oldest one', async () => {
    const get = container();
    const store = resolve(get, PORTS.Store);
    const attempts = new Map<string, number>();
    const counting: Store = {
      capabilities: store.capabilities,
      get: (partition, key) => store.get(partition, key),
      query: (partition, options) => store.query(partition, options),
      async commit(operations) {
        for (const op of operations) if (op.partition.startsWith('gathering:')) attempts.set(op.partition, (attempts.get(op.partition) ?? 0) + 1);
        return store.commit(operations);
      },
    };
    const matchmaking = new MatchmakingService(counting, resolve(get, PORTS.Queue), resolve(get, PORTS.Ids), resolve(get, PORTS.Clock), resolve(get, SERVICES.Notifier));
    const mode = unique('spread');
    const hosts: Gathering[] = [];
    for (let i = 0; i < 10; i++) hosts.push(await matchmaking.create(unique('host'), { mode, capacity: 2, attributes: {} }));
    attempts.clear();
    const joined = await Promise.all(Array.from({ length: 10 }, () => matchmaking.join(unique('j'), { mode, capacity: 2, attributes: {} })));
    expect(joined.every((j) => !j.created && j.gathering.status === 'matched')).toBe(true);
    expect(new Set(joined.map((j) => j.gathering.id)).size).toBe(10);
    expect(Math.max(...attempts.values())).toBeLessThan(10);
  }, 120_000);
};
