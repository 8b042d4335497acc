import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAsNegotiated } from '@kumo/adapter-mqtt/testing/harness';
import { createTestDatabase, LOCAL_POSTGRES_URL, type TestDatabase } from '@kumo/adapter-postgres/testing';
import { callJson as call } from './http-json';
import { startServerProcess, type ServerProcess } from './server-process';

const ADMIN_KEY = 'two-instances-admin-key-for-tests';

/** The machine's Mosquitto broker (anonymous, 127.0.0.1:1883); `KUMO_TEST_MQTT_URL` overrides it. */
const MOSQUITTO_URL = process.env.KUMO_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

/** Resolves `url` if a TCP connection to its host and port opens within 2 s; rejects otherwise. */
function reachable(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((done, fail) => {
    const socket = connect({ host: hostname, port: Number(port || 1883), timeout: 2_000 });
    socket.once('connect', () => (socket.destroy(), done(url)));
    socket.once('timeout', () => (socket.destroy(), fail(new Error('timed out'))));
    socket.once('error', fail);
  });
}

/**
 * Two `npm start` processes on one PostgreSQL database and one Mosquitto broker behave as one
 * backend. Without a PostgreSQL server or the broker the file skips, except under CI=true where
 * that is a failure.
 */
describe('two server instances on one PostgreSQL and one broker', () => {
  let database: TestDatabase | undefined;
  let brokerUrl: string | undefined;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    const missing = (what: string) => (error: Error) => {
      if (process.env.CI === 'true') throw new Error(`no ${what}: ${error.message}`);
      console.warn(`no ${what} (${error.message}): the two-instance tests are skipped`);
      return undefined;
    };
    brokerUrl = await reachable(MOSQUITTO_URL).catch(missing(`MQTT broker at ${MOSQUITTO_URL}`));
    database = brokerUrl ? await createTestDatabase().catch(missing(`PostgreSQL server at ${LOCAL_POSTGRES_URL}`)) : undefined;
    if (!database) return;
    const env = { KUMO_DATABASE_URL: database.url, KUMO_MQTT_URL: brokerUrl!, KUMO_ADMIN_KEY: ADMIN_KEY, KUMO_TOKEN_SECRET: 'two-instances-token-secret-0123456789' };
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  const player = async (url: string) => {
    const account = (await call(url, 'POST', '/v1/accounts')).body;
    return { userId: account.userId as string, token: (await call(url, 'POST', '/v1/auth/login', { body: account })).body.token as string };
  };

  it('delivers a push published by one instance to a client that connected as the other told it', async (context) => {
    if (!database) return context.skip();
    const alice = await player(b.url);
    const bob = await player(a.url);
    const negotiated = await call(b.url, 'GET', '/v1/push/connection', { token: alice.token });
    expect(negotiated.body).toMatchObject({ protocol: 'mqtt', url: brokerUrl });
    const client = await connectAsNegotiated(negotiated.body);
    try {
      // Instance A learns of the connection through the broker's retained presence; until it has,
      // a match made on A finds Alice offline. Each round is a fresh match, made on A.
      let event: unknown;
      for (let round = 0; round < 10 && event === undefined; round++) {
        const mode = `duel-${round}`;
        for (const { token } of [alice, bob]) {
          expect((await call(a.url, 'POST', '/v1/matchmaking/join', { token, body: { mode, capacity: 2 } })).status).toBeLessThan(300);
        }
        event = await client.inbox.next(2_000).catch(() => undefined);
      }
      expect(event).toMatchObject({ type: 'matched' });
    } finally {
      await client.close();
    }
  }, 60_000);

  it('keeps Σ receipts = balance for one player served by both instances at once', async (context) => {
    if (!database) return context.skip();
    const carol = await player(a.url);
    const admin = (await call(b.url, 'POST', '/v1/admin/auth', { body: { adminKey: ADMIN_KEY } })).body.token;
    await call(a.url, 'POST', `/v1/admin/users/${carol.userId}/wallet/ios/deposit`, { token: admin, body: { receiptId: 'seed', paid: 100, free: 50 } });
    const instances = [a.url, b.url];
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? call(instances[(i / 2) % 2]!, 'POST', `/v1/admin/users/${carol.userId}/wallet/ios/deposit`, { token: admin, body: { receiptId: `r${i % 10}`, paid: 7, free: 3 } })
          : call(instances[((i - 1) / 2) % 2]!, 'POST', '/v1/wallet/ios/withdraw', { token: carol.token, body: { amount: 11 }, headers: { 'idempotency-key': `w${i}` } }),
      ),
    );
    for (const outcome of outcomes) if (outcome.status !== 200) expect(outcome.body.code).toBe('insufficient_funds');
    const receipts = (await call(b.url, 'GET', '/v1/wallet/ios/receipts?limit=100', { token: carol.token })).body.receipts as Array<{ kind: string; paid: number; free: number }>;
    const balance = (await call(a.url, 'GET', '/v1/wallet/ios', { token: carol.token })).body;
    expect(receipts.reduce((sum, r) => sum + r.paid, 0)).toBe(balance.paid);
    expect(receipts.reduce((sum, r) => sum + r.free, 0)).toBe(balance.free);
    expect(receipts.filter((r) => r.kind === 'deposit')).toHaveLength(1 + 5);
    expect(receipts.filter((r) => r.kind === 'withdraw')).toHaveLength(outcomes.filter((o, i) => i % 2 === 1 && o.status === 200).length);
  }, 60_000);
});
