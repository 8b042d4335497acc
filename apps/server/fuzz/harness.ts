import { Agent, request } from 'node:http';
import { sign } from 'hono/jwt';
import { MemoryStore, createMemoryPorts } from '@kumo/adapter-memory';
import type { AccessLogEntry, Operation as StoreOperation } from '@kumo/core';
import { devSecrets } from '../src/dev-secrets';
import { startLocalBackend, type LocalBackend } from '../src/local-backend';
import type { Credential, FuzzRequest, Known } from './arbitraries';
import { operationsOf, type Operation } from './operations';

/** Longest a request may take before it counts as a hang (by default). */
export const HANG_MS = 1_000;

/** Fixtures are made on a cold server: they may take longer. */
const FIXTURE_TIMEOUT_MS = 15_000;

const ADMIN_KEY = 'fuzz-admin-key-for-this-run-only';
const TOKEN_SECRET = 'fuzz-token-secret-for-this-run-only';

/** A memory store that remembers which partitions each landed commit wrote. */
class RecordingStore extends MemoryStore {
  readonly written: string[] = [];

  override async commit(operations: readonly StoreOperation[]): Promise<void> {
    await super.commit(operations);
    for (const op of operations) if (op.type !== 'check') this.written.push(op.partition);
  }
}

/** What a fuzz run saw. */
export interface FuzzReport {
  requests: number;
  /** How many responses had each status. */
  statuses: Map<number, number>;
  slowestMs: number;
  /** The slowest request, as `METHOD path → status`. */
  slowest: string;
}

/** A backend with fixtures, and the check of one request against the properties. */
export interface Fuzzer {
  operations: Operation[];
  known: Known;
  /** Sends the request; throws if it breaks a property. */
  check(request: FuzzRequest): Promise<void>;
  report: FuzzReport;
  stop(): Promise<void>;
}

interface Answer {
  status: number;
  body: string;
  ms: number;
}

/**
 * Starts a local backend (no job worker, so only requests change state), makes fixtures and
 * returns the checker; a request slower than `hangMs` breaks the "no hang" property.
 */
export async function startFuzzer(hangMs = HANG_MS): Promise<Fuzzer> {
  const store = new RecordingStore();
  const log: AccessLogEntry[] = [];
  const backend: LocalBackend = await startLocalBackend({
    port: 0,
    secrets: devSecrets({ KUMO_ADMIN_KEY: ADMIN_KEY, KUMO_TOKEN_SECRET: TOKEN_SECRET }).secrets,
    accessLog: (entry) => void log.push(entry),
    ports: { ...createMemoryPorts(), store },
    jobWorker: false,
  });
  // A connection per request: a reset is then the server's doing, never a stale keep-alive socket.
  const agent = new Agent({ keepAlive: false });

  const send = (method: string, path: string, headers: Record<string, string>, body?: string, timeoutMs = hangMs) =>
    new Promise<Answer>((done, fail) => {
      const started = performance.now();
      const req = request(`${backend.url}${path}`, { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done({ status: res.statusCode!, body: Buffer.concat(chunks).toString(), ms: performance.now() - started }));
        res.on('error', fail);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path.slice(0, 200)} hung for more than ${timeoutMs} ms`)));
      req.on('error', fail);
      req.end(body);
    });
  const json = async (method: string, path: string, token?: string, body?: unknown) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const answer = await send(method, path, headers, body === undefined ? undefined : JSON.stringify(body), FIXTURE_TIMEOUT_MS);
    return JSON.parse(answer.body || 'null') as Record<string, string>;
  };

  const playerA = await json('POST', '/v1/accounts');
  const playerB = await json('POST', '/v1/accounts');
  const tokenA = (await json('POST', '/v1/auth/login', undefined, playerA)).token!;
  const tokenB = (await json('POST', '/v1/auth/login', undefined, playerB)).token!;
  const admin = (await json('POST', '/v1/admin/auth', undefined, { adminKey: ADMIN_KEY })).token!;
  await json('POST', `/v1/admin/users/${playerA.userId}/wallet/ios/deposit`, admin, { receiptId: 'fuzz-r1', paid: 500, free: 500 });
  await json('PUT', '/v1/admin/items/sword', admin, { name: 'Sword', capacity: 5, price: 10 });
  await json('POST', '/v1/inventory/sword/purchase', tokenA, { slot: 'ios', requestId: 'fuzz-buy-1' });
  const message = await json('POST', `/v1/admin/users/${playerA.userId}/inbox`, admin, { title: 'Gift', grants: [{ type: 'currency', slot: 'ios', free: 5 }] });
  await json('PUT', '/v1/admin/policies/p1', admin, { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'chat:*', Resource: '*' }] });
  const key = await json('POST', '/v1/admin/keys', admin, { name: 'fuzz' });
  const keyToken = (await json('POST', '/v1/auth/key', undefined, { apiKey: key.apiKey })).token!;
  const room = await json('POST', '/v1/chat/rooms', tokenA, { name: 'lobby' });
  const now = Math.floor(Date.now() / 1000);
  const credentials: Record<Credential, string | undefined> = {
    none: undefined,
    garbage: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJhZG1pbiJ9.',
    expired: `Bearer ${await sign({ sub: playerA.userId, role: 'player', iat: now - 7200, exp: now - 3600 }, TOKEN_SECRET, 'HS256')}`,
    forged: `Bearer ${await sign({ sub: 'admin', role: 'admin', iat: now, exp: now + 600 }, 'not-the-signing-key-at-all', 'HS256')}`,
    ghost: `Bearer ${await sign({ sub: '0000000000aaaaaaaaaaaaaaaa', role: 'player', iat: now, exp: now + 3600 }, TOKEN_SECRET, 'HS256')}`,
    playerA: `Bearer ${tokenA}`,
    playerB: `Bearer ${tokenB}`,
    admin: `Bearer ${admin}`,
    apiKey: `Bearer ${keyToken}`,
  };
  const secrets = [tokenA, tokenB, admin, keyToken, ADMIN_KEY, playerA.secret!, playerB.secret!, key.apiKey!].map((secret) => secret.split('.').at(-1)!);
  /** Paths of player A's own things (another player's token must never get a 2xx there). */
  const privateOfA = [`/v1/inbox/${message.id!}`];
  const known: Known = {
    strings: [playerA.userId!, playerB.userId!, 'ios', 'android', 'sword', message.id!, key.keyId!, 'p1', 'kumo-default-player', 'mobile-push', room.id ?? 'lobby', 'duel', 'weekly', 'stamina'],
  };
  const { body: document } = await send('GET', '/openapi.json', {}, undefined, FIXTURE_TIMEOUT_MS);
  const operations = operationsOf(JSON.parse(document));
  const report: FuzzReport = { requests: 0, statuses: new Map(), slowestMs: 0, slowest: '' };

  return {
    operations,
    known,
    report,
    async check(fuzzed) {
      const headers = { ...fuzzed.headers };
      const credential = credentials[fuzzed.credential];
      if (credential) headers.authorization = credential;
      const [writes, logged] = [store.written.length, log.length];
      const answer = await send(fuzzed.method, fuzzed.path, headers, fuzzed.body);
      report.requests++;
      report.statuses.set(answer.status, (report.statuses.get(answer.status) ?? 0) + 1);
      const what = `${fuzzed.method} ${fuzzed.path.slice(0, 300)} as ${fuzzed.credential} → ${answer.status} ${answer.body.slice(0, 300)}`;
      if (answer.ms > report.slowestMs) [report.slowestMs, report.slowest] = [answer.ms, what.slice(0, 200)];
      if (answer.status >= 500) throw new Error(`5xx: ${what}`);
      if (answer.ms > hangMs) throw new Error(`took ${Math.round(answer.ms)} ms: ${what}`);
      const ok = answer.status >= 200 && answer.status < 300;
      const right = fuzzed.op?.admin ? ['admin'] : ['playerA', 'playerB'];
      if (ok && fuzzed.op?.secured && !right.includes(fuzzed.credential)) throw new Error(`2xx without the right credentials: ${what}`);
      if (ok && fuzzed.credential === 'playerB' && privateOfA.some((path) => fuzzed.path.startsWith(path))) throw new Error(`2xx on another player's resource: ${what}`);
      const changed = store.written.slice(writes).filter((partition) => !partition.startsWith('ratelimit:'));
      if (answer.status >= 400 && answer.status < 500 && changed.length > 0) throw new Error(`state changed (${changed.join(', ')}) on a 4xx: ${what}`);
      await new Promise((tick) => setImmediate(tick));
      const leaked = log.slice(logged).map((entry) => JSON.stringify(entry)).find((line) => secrets.some((secret) => line.includes(secret)));
      if (leaked) throw new Error(`a credential reached the access log: ${leaked.slice(0, 300)}`);
    },
    async stop() {
      agent.destroy();
      await backend.stop(1_000);
    },
  };
}

/** The status histogram as printable lines: `status  count  share`. */
export function histogram(report: FuzzReport): string {
  const rows = [...report.statuses].sort(([a], [b]) => a - b);
  return rows.map(([status, count]) => `${status}  ${String(count).padStart(6)}  ${((100 * count) / report.requests).toFixed(1).padStart(5)}%`).join('\n');
}
