import { describe, expect, it } from 'vitest';
import { deadLetterQueueName, MOBILE_PUSH_QUEUE, type DashboardView } from '@kumo/core';
import { useBackend } from './backend-client';

const api = useBackend({ jobWorker: false });

describe('operations dashboard', () => {
  it('shows per-route rate, errors and p50/p99, the busiest documents with their share, and the job backlog, to admins only', async () => {
    const admin = await api.admin();
    const player = await api.player();
    for (let i = 0; i < 5; i++) expect((await api.call('GET', '/v1/wallet', { token: player.token })).status).toBe(200);
    expect((await api.call('GET', '/v1/wallet', { token: 'not-a-token' })).status).toBe(401);
    const { queue } = api.backend().ports;
    await queue.send(MOBILE_PUSH_QUEUE, { userId: player.userId, event: { type: 'waiting' } });
    await queue.send(deadLetterQueueName(MOBILE_PUSH_QUEUE), { userId: player.userId, event: { type: 'dead' } });

    const reply = await api.call('GET', '/v1/admin/dashboard?windowSeconds=30&hotKeys=5', { token: admin });
    expect(reply.status).toBe(200);
    const view = reply.body as DashboardView;
    expect(view.windowSeconds).toBe(30);
    expect(view.series).toHaveLength(30);
    expect(view.series.reduce((sum, point) => sum + point.requests, 0)).toBeGreaterThanOrEqual(6);
    const wallet = view.routes.find((route) => route.route === 'GET /v1/wallet')!;
    expect(wallet.requests).toBe(6);
    expect(wallet.errors).toBe(0);
    expect(wallet.perSecond).toBeCloseTo(6 / 30);
    expect(wallet.p50Ms).toBeGreaterThan(0);
    expect(wallet.p99Ms).toBeGreaterThanOrEqual(wallet.p50Ms);
    expect(view.hotKeys.top.length).toBeGreaterThan(0);
    expect(view.hotKeys.top.length).toBeLessThanOrEqual(5);
    expect(view.hotKeys.top.some((hot) => hot.key.includes(player.userId))).toBe(true);
    const shares = view.hotKeys.top.map((hot) => hot.share);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    expect(shares.every((share) => share > 0 && share <= 1)).toBe(true);
    expect(view.queues).toContainEqual({ name: MOBILE_PUSH_QUEUE, depth: 1, deadLetters: 1 });

    expect((await api.call('GET', '/v1/admin/dashboard', { token: player.token })).status).toBe(403);
    expect((await api.call('GET', '/v1/admin/dashboard?windowSeconds=301', { token: admin })).status).toBe(400);
  });

  it('counts 5xx answers as errors of their route', async () => {
    const admin = await api.admin();
    const { store } = api.backend().ports;
    const get = store.get.bind(store);
    store.get = () => Promise.reject(new Error('store down'));
    try {
      const player = await api.player().catch(() => undefined);
      expect(player).toBeUndefined();
    } finally {
      store.get = get;
    }
    const view = (await api.call('GET', '/v1/admin/dashboard', { token: admin })).body as DashboardView;
    const signUp = view.routes.find((route) => route.route === 'POST /v1/accounts')!;
    expect(signUp.errors).toBeGreaterThan(0);
    expect(signUp.errorRate).toBeGreaterThan(0);
    expect(view.series.reduce((sum, point) => sum + point.errors, 0)).toBeGreaterThan(0);
  });
});
