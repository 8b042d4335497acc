import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, useBackend } from '@kumo/server/test/backend-client';
import { KumoApiError, type KumoClient } from '../src';
import { expectInboxNotice, lossyFetch, testClient } from './clients';

let clockOffset = 0;
const backend = useBackend({ clock: { now: () => Date.now() + clockOffset } });

/** An operator's client, signed in with the admin key. */
async function operator(): Promise<KumoClient> {
  const admin = testClient(backend.url());
  await admin.auth.adminSignIn(ADMIN_KEY);
  return admin;
}

/** The error a call threw. */
async function refusal(call: Promise<unknown>): Promise<KumoApiError> {
  const error = await call.then(() => undefined, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(KumoApiError);
  return error as KumoApiError;
}

describe("the README journey through @kumo/client on the local server", () => {
  it('two players sign up, an operator deposits, a purchase retried after a lost answer spends once, and both are matched with a push', async () => {
    const alice = testClient(backend.url(), lossyFetch(/\/v1\/inventory\/sword\/purchase$/).fetch);
    const bob = testClient(backend.url());
    const aliceAccount = await alice.auth.signUp();
    const bobAccount = await bob.auth.signUp();
    expect(alice.auth.userId).toBe(aliceAccount.userId);
    expect(aliceAccount.userId).not.toBe(bobAccount.userId);

    const admin = await operator();
    await admin.PUT('/v1/admin/items/{itemId}', { params: { path: { itemId: 'sword' } }, body: { name: 'Sword', capacity: 3, price: 40 } });
    const deposit = await admin.POST('/v1/admin/users/{userId}/wallet/{slot}/deposit', {
      params: { path: { userId: aliceAccount.userId, slot: 'ios' } },
      body: { paid: 100, receiptId: 'journey-deposit-1' },
    });
    expect(deposit).toMatchObject({ kind: 'deposit', paid: 100, free: 0 });

    const bought = await alice.POST('/v1/inventory/{itemId}/purchase', { params: { path: { itemId: 'sword' } }, body: { slot: 'ios' } });
    expect(bought).toMatchObject({ itemId: 'sword', count: 1, purchased: 1, receipt: { kind: 'withdraw', paid: -40 } });
    expect(await alice.GET('/v1/wallet/{slot}', { params: { path: { slot: 'ios' } } })).toEqual({ slot: 'ios', paid: 60, free: 0, total: 60 });
    const { receipts } = await alice.GET('/v1/wallet/{slot}/receipts', { params: { path: { slot: 'ios' } } });
    expect(receipts.filter((receipt) => receipt.kind === 'withdraw')).toHaveLength(1);

    const gift = await admin.POST('/v1/admin/users/{userId}/inbox', {
      params: { path: { userId: aliceAccount.userId } },
      body: { title: 'Welcome', grants: [{ type: 'currency', slot: 'ios', free: 50 }, { type: 'item', itemId: 'sword', count: 1 }] },
    });
    await alice.POST('/v1/inbox/{messageId}/read', { params: { path: { messageId: gift.id } } });
    expect(await alice.GET('/v1/inventory/{itemId}', { params: { path: { itemId: 'sword' } } })).toMatchObject({ itemId: 'sword', count: 2, capacity: 3 });

    await Promise.all([alice.push.connect(), bob.push.connect()]);
    const aliceMatched = alice.push.next('matched');
    const bobMatched = bob.push.next('matched');
    await alice.POST('/v1/matchmaking/join', { body: { mode: 'duel', capacity: 2 } });
    await bob.POST('/v1/matchmaking/join', { body: { mode: 'duel', capacity: 2 } });
    const matched = await aliceMatched;
    expect(matched.mode).toBe('duel');
    expect(matched.members.sort()).toEqual([aliceAccount.userId, bobAccount.userId].sort());
    expect((await bobMatched).gatheringId).toBe(matched.gatheringId);
    await Promise.all([alice.push.disconnect(), bob.push.disconnect()]);
  });

  it('sends one Idempotency-Key per spending call and the same key on its automatic retry', async () => {
    const network = lossyFetch(/\/withdraw$/);
    const player = testClient(backend.url(), network.fetch);
    const { userId } = await player.auth.signUp();
    const admin = await operator();
    await admin.POST('/v1/admin/users/{userId}/wallet/{slot}/deposit', { params: { path: { userId, slot: 'web' } }, body: { free: 30, receiptId: `gift-${userId}` } });

    await player.POST('/v1/wallet/{slot}/withdraw', { params: { path: { slot: 'web' } }, body: { amount: 10 } });
    await player.POST('/v1/wallet/{slot}/withdraw', { params: { path: { slot: 'web' } }, body: { amount: 10 } });
    const keys = network.sent.filter((request) => request.path.endsWith('/withdraw')).map((request) => request.idempotencyKey);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(await player.GET('/v1/wallet/{slot}', { params: { path: { slot: 'web' } } })).toMatchObject({ free: 10 });
    expect(network.sent.filter((request) => request.method === 'GET' || request.path.endsWith('/login')).every((request) => request.idempotencyKey === null)).toBe(true);
  });

  it('retries a safe call answered 503 after its Retry-After, and does not repeat a POST without an Idempotency-Key', async () => {
    const busy = new Map<string, number>();
    const busyOnce = async (request: Request) => {
      const key = `${request.method} ${new URL(request.url).pathname}`;
      busy.set(key, (busy.get(key) ?? 0) + 1);
      if (busy.get(key) === 1 && key !== 'POST /v1/accounts' && key !== 'POST /v1/auth/login') {
        return new Response('{"status":503,"code":"unavailable","message":"busy"}', { status: 503, headers: { 'retry-after': '0', 'content-type': 'application/problem+json' } });
      }
      return globalThis.fetch(request);
    };
    const player = testClient(backend.url(), busyOnce);
    await player.auth.signUp();
    expect(await player.GET('/v1/wallet')).toEqual(expect.any(Object));
    expect(busy.get('GET /v1/wallet')).toBe(2);
    expect(await refusal(player.POST('/v1/chat/rooms', { body: { name: 'busy' } }))).toMatchObject({ status: 503, code: 'unavailable' });
    expect(busy.get('POST /v1/chat/rooms')).toBe(1);
  });

  it('throws error answers as KumoApiError with status, code, message and request id', async () => {
    const player = testClient(backend.url());
    await player.auth.signUp();
    const broke = await refusal(player.POST('/v1/wallet/{slot}/withdraw', { params: { path: { slot: 'ios' } }, body: { amount: 5 } }));
    expect(broke).toMatchObject({ status: 409, code: 'insufficient_funds' });
    expect(broke.message).toMatch(/balance/);
    expect(broke.requestId).toEqual(expect.any(String));
    expect(broke.idempotencyKey).toEqual(expect.any(String));

    const stranger = testClient(backend.url());
    const login = await refusal(stranger.auth.logIn({ userId: player.auth.userId!, secret: 'not-the-secret' }));
    expect(login).toMatchObject({ status: 401, code: 'invalid_credentials' });
    expect(stranger.auth.userId).toBeUndefined();
    const anonymous = await refusal(stranger.GET('/v1/wallet'));
    expect(anonymous.status).toBe(401);
    const invalid = await refusal(player.POST('/v1/wallet/{slot}/withdraw', { params: { path: { slot: 'ios' } }, body: { amount: -1 } }));
    expect(invalid).toMatchObject({ status: 400, code: expect.any(String) });
  });

  it('signs a named operator in by password: support sends a gift but a deposit is refused 403 access_denied', async () => {
    const admin = await operator();
    await admin.POST('/v1/admin/operators', { body: { operatorId: 'journey-support', password: 'support-password-1', roles: ['kumo-role-support'] } });
    const player = testClient(backend.url());
    const { userId } = await player.auth.signUp();
    const support = testClient(backend.url());
    await support.auth.operatorSignIn('journey-support', 'support-password-1');
    expect(support.auth.userId).toBe('operator:journey-support');
    const gift = await support.POST('/v1/admin/users/{userId}/inbox', { params: { path: { userId } }, body: { title: 'Sorry', grants: [{ type: 'currency', slot: 'ios', free: 5 }] } });
    expect(gift.title).toBe('Sorry');
    const deposit = support.POST('/v1/admin/users/{userId}/wallet/{slot}/deposit', { params: { path: { userId, slot: 'ios' } }, body: { paid: 5, receiptId: 'journey-support-1' } });
    expect(await refusal(deposit)).toMatchObject({ status: 403, code: 'access_denied' });
    const { entries } = await admin.GET('/v1/admin/audit', { params: { query: { limit: 2 } } });
    expect(entries.map((entry) => `${entry.actor} ${entry.action}`)).toEqual(['journey-support inbox:SendMessage', 'bootstrap operators:CreateOperator']);
  });

  it('logs in again when the server refuses an expired token, and the call goes through', async () => {
    const player = testClient(backend.url());
    await player.auth.signUp();
    const before = await player.auth.token();
    clockOffset += 2 * 60 * 60 * 1000;
    try {
      expect(await player.GET('/v1/wallet')).toEqual(expect.any(Object));
      expect(await player.auth.token()).not.toBe(before);
    } finally {
      clockOffset = 0;
    }
  });

  it('pushes chat messages and inbox notices as typed events', async () => {
    const [alice, bob] = [testClient(backend.url()), testClient(backend.url())];
    const [, bobAccount] = await Promise.all([alice.auth.signUp(), bob.auth.signUp()]);
    const room = await alice.POST('/v1/chat/rooms', { body: { name: 'lobby' } });
    await bob.PUT('/v1/chat/rooms/{roomId}/subscription', { params: { path: { roomId: room.id } } });
    await bob.push.connect();
    const chat = bob.push.next('chat.message');
    const posted = await alice.POST('/v1/chat/rooms/{roomId}/messages', { params: { path: { roomId: room.id } }, body: { text: 'gg' } });
    expect(await chat).toMatchObject({ id: posted.id, roomId: room.id, text: 'gg' });

    await expectInboxNotice(await operator(), bob, bobAccount.userId, 'Welcome');
    await bob.push.disconnect();
    expect(bob.push.connected).toBe(false);
  });
});
