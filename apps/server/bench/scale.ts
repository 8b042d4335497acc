/**
 * `npm run bench -- scale`: how Kumo's reads and writes grow with the work, on the embedded adapter.
 * Each case is measured at N = 10 (the baseline), 1k and 100k (leaderboards also at 1M, and at 10M
 * with BENCH_SCALE_BOARD_SIZES=10,1000000,10000000 and a large heap), in one run, with the ratio of
 * p50/p99 to N = 10:
 * - leaderboard: top page (10 rows), my-rank (standing with 2 neighbours), a submission that
 *   improves a best; then the incremental build of those changes (time and store calls, which must
 *   not grow with N);
 * - matchmaking: a quick-match join with N open gatherings in the pool;
 * - chat: the newest page of a room with N messages, and a post to it;
 * - inbox: the first unread page of a player with N messages, and a send;
 * - fan-out: a post to a room of M = 10, 1k, 10k members, until every live push is delivered
 *   (all connected) and until every mobile push is queued (all offline), with the continuous
 *   `JobWorker` against the former worker (10 jobs per queue every 500 ms), side by side.
 * Sizes and counts: BENCH_SCALE_SIZES, BENCH_SCALE_BOARD_SIZES, BENCH_SCALE_MEMBERS (comma-separated;
 * empty skips those cases), BENCH_SCALE_OPS.
 */
import {
  coreModule,
  createContainer,
  JobWorker,
  MOBILE_PUSH_QUEUE,
  resolve,
  SERVICES,
  type Clock,
  type Secrets,
} from '@kumo/core';
import { createMemoryPorts, memoryModule, type MemoryPorts } from '@kumo/adapter-memory';
import { measure, type Figures } from './measure';

const sizes = (name: string, fallback: string) => (process.env[name] ?? fallback).split(',').filter(Boolean).map(Number);
const SIZES = sizes('BENCH_SCALE_SIZES', '10,1000,100000');
const BOARD_SIZES = sizes('BENCH_SCALE_BOARD_SIZES', '10,1000,100000,1000000');
const MEMBERS = sizes('BENCH_SCALE_MEMBERS', '10,1000,10000');
const OPS = Number(process.env.BENCH_SCALE_OPS ?? 1000);
/** How long a fan-out may take before the row says so instead of a time. */
const FANOUT_TIMEOUT_MS = 15_000;
const secrets: Secrets = { get: (name) => `bench-${name}-0123456789abcdef` };
const clock: Clock = { now: () => Date.now() };

interface Row {
  case: string;
  n: number;
  p50ms: number | string;
  p99ms: number | string;
  'p50 ×N=10': string;
  'p99 ×N=10': string;
  extra?: string;
}
const rows: Row[] = [];
/**
 * Times `op` on every size in turn (a round runs one operation per size, in rotating order, so
 * that load on the machine and garbage collections hit every size alike), after a warm-up and a
 * full collection (when node runs with --expose-gc). Returns the figures of each size.
 */
async function interleaved(sizes: readonly number[], op: (size: number, i: number) => Promise<unknown>): Promise<Figures[]> {
  for (let i = 0; i < Math.min(100, OPS); i++) for (const size of sizes) await op(size, i);
  (globalThis as { gc?: () => void }).gc?.();
  const latencies = sizes.map(() => [] as number[]);
  for (let i = 0; i < OPS; i++) {
    for (let k = 0; k < sizes.length; k++) {
      const index = (i + k) % sizes.length;
      const t0 = performance.now();
      await op(sizes[index]!, OPS + i);
      latencies[index]!.push(performance.now() - t0);
    }
  }
  return latencies.map((each) => {
    each.sort((a, b) => a - b);
    const at = (q: number) => Math.round(each[Math.min(each.length - 1, Math.floor(q * each.length))]! * 1000) / 1000;
    return { ops: each.length, seconds: 0, perSecond: 0, p50ms: at(0.5), p99ms: at(0.99) };
  });
}

/** Adds one row per size, with the ratio of its p50 and p99 to the first size's (N = 10). */
function rowsOf(label: string, sizes: readonly number[], figures: readonly Figures[]): void {
  const base = figures[0]!;
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '-');
  for (const [i, n] of sizes.entries()) {
    const { p50ms, p99ms } = figures[i]!;
    rows.push({ case: label, n, p50ms, p99ms, 'p50 ×N=10': ratio(p50ms, base.p50ms), 'p99 ×N=10': ratio(p99ms, base.p99ms) });
    console.error(`${label} N=${n}: p50 ${p50ms} ms, p99 ${p99ms} ms`);
  }
}

/** Fresh embedded ports and services, with a count of the store calls made. */
function backend(): { ports: MemoryPorts; container: ReturnType<typeof createContainer>; calls: () => number } {
  const ports = createMemoryPorts({ clock });
  let calls = 0;
  for (const method of ['get', 'query', 'commit'] as const) {
    const original = ports.store[method].bind(ports.store) as (...args: unknown[]) => Promise<unknown>;
    (ports.store as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      calls++;
      return original(...args);
    };
  }
  return { ports, container: createContainer(memoryModule(ports), coreModule({ secrets, clock })), calls: () => calls };
}

const pick = (n: number) => Math.floor(Math.random() * n);

/** One board per size, seeded through `submit` and built; then reads, submissions and the incremental build, side by side. */
async function leaderboards(sizes: readonly number[]): Promise<void> {
  const { container, calls } = backend();
  const boards = resolve(container, SERVICES.Leaderboard);
  const board = (n: number) => `event-${n}`;
  const player = (i: number) => `player-${i}`;
  for (const n of sizes) {
    const started = performance.now();
    await measure(n, 16, (i) => boards.submit(player(i), board(n), 1_000_000 + pick(1_000_000_000)));
    const seeded = performance.now();
    await boards.aggregate(board(n));
    console.error(`leaderboard N=${n}: seeded in ${Math.round(seeded - started)} ms, first build ${Math.round(performance.now() - seeded)} ms`);
  }
  rowsOf('leaderboard top page (10)', sizes, await interleaved(sizes, (n) => boards.top(board(n), 10)));
  rowsOf('leaderboard my-rank (±2)', sizes, await interleaved(sizes, (n) => boards.standing(player(pick(n)), board(n), 2)));
  rowsOf('leaderboard submission (new best)', sizes, await interleaved(sizes, (n) => boards.submit(player(pick(n)), board(n), 2_000_000_000 + pick(1_000_000_000))));
  for (const n of sizes) {
    const before = calls();
    const started = performance.now();
    const build = await boards.aggregate(board(n));
    const ms = Math.round(performance.now() - started);
    const extra = `${calls() - before} store calls for the changes of ${OPS + Math.min(100, OPS)} submissions, ${build.entries} entries`;
    rows.push({ case: 'leaderboard incremental build', n, p50ms: ms, p99ms: '-', 'p50 ×N=10': '-', 'p99 ×N=10': '-', extra });
    console.error(`leaderboard N=${n}: incremental build ${ms} ms, ${extra}`);
  }
}

/** One mode per size with that many open gatherings; a fresh player quick-matches each time. */
async function matchmaking(sizes: readonly number[]): Promise<void> {
  const matches = resolve(backend().container, SERVICES.Matchmaking);
  const spec = (n: number) => ({ mode: `squad-${n}`, capacity: 32, attributes: { level: 10 } });
  for (const n of sizes) await measure(n, 16, (i) => matches.create(`host-${n}-${i}`, spec(n)));
  rowsOf('matchmaking quick-match join', sizes, await interleaved(sizes, (n, i) => matches.join(`joiner-${n}-${i}`, spec(n))));
}

/** One room per size with that many messages. */
async function chat(sizes: readonly number[]): Promise<void> {
  const rooms = resolve(backend().container, SERVICES.Chat);
  const ids = new Map<number, string>();
  for (const n of sizes) {
    const room = await rooms.createRoom('owner', `lobby ${n}`);
    ids.set(n, room.id);
    await measure(n, 16, (i) => rooms.post(`poster-${i % 100}`, room.id, `message ${i}`));
  }
  rowsOf('chat newest page (50)', sizes, await interleaved(sizes, (n) => rooms.messages(ids.get(n)!, { limit: 50 })));
  rowsOf('chat post', sizes, await interleaved(sizes, (n, i) => rooms.post('poster', ids.get(n)!, `more ${i}`)));
}

/** One player per size with that many unread messages. */
async function inbox(sizes: readonly number[]): Promise<void> {
  const { container } = backend();
  const mail = resolve(container, SERVICES.Inbox);
  const readers = new Map<number, string>();
  for (const n of sizes) {
    const { userId } = await resolve(container, SERVICES.Accounts).create();
    readers.set(n, userId);
    await measure(n, 16, (i) => mail.send(userId, { title: `gift ${i}` }));
  }
  rowsOf('inbox first unread page (50)', sizes, await interleaved(sizes, (n) => mail.list(readers.get(n)!, { status: 'unread', limit: 50 })));
  rowsOf('inbox send', sizes, await interleaved(sizes, (n, i) => mail.send(readers.get(n)!, { title: `more ${i}` })));
}

/** Ms from a post to a room of `members` until every member's live push arrived (online) or mobile push was queued (offline); null past the timeout. */
async function fanout(members: number, online: boolean, worker: 'continuous' | 'poll-500ms'): Promise<number | null> {
  const { ports, container } = backend();
  const rooms = resolve(container, SERVICES.Chat);
  const room = await rooms.createRoom('poster', 'arena');
  await measure(members, 64, (i) => rooms.subscribe(`member-${i}`, room.id));
  let reached = 0;
  if (online) for (let i = 0; i < members; i++) ports.push.connect(`member-${i}`, () => reached++);
  const send = ports.queue.send.bind(ports.queue);
  ports.queue.send = async (queue, body, options) => {
    if (queue === MOBILE_PUSH_QUEUE) reached++;
    return send(queue, body, options);
  };
  const jobs = resolve(container, SERVICES.Jobs);
  const continuous = new JobWorker(jobs, ports.queue);
  let polling: Promise<unknown> = Promise.resolve();
  const timer = worker === 'poll-500ms' ? setInterval(() => (polling = jobs.poll()), 500) : undefined;
  if (worker === 'continuous') continuous.start();
  const started = performance.now();
  await rooms.post('poster', room.id, 'go!');
  while (reached < members && performance.now() - started < FANOUT_TIMEOUT_MS) await new Promise((tick) => setTimeout(tick, 1));
  const ms = reached >= members ? Math.round(performance.now() - started) : null;
  clearInterval(timer);
  await Promise.all([continuous.stop(), polling]);
  return ms;
}

if (BOARD_SIZES.length > 0) await leaderboards(BOARD_SIZES);
if (SIZES.length > 0) {
  await matchmaking(SIZES);
  await chat(SIZES);
  await inbox(SIZES);
}
const fanoutRows: Array<Record<string, string | number>> = [];
for (const members of MEMBERS) {
  for (const online of [true, false]) {
    const [continuous, former] = [await fanout(members, online, 'continuous'), await fanout(members, online, 'poll-500ms')];
    const shown = (ms: number | null) => (ms === null ? `> ${FANOUT_TIMEOUT_MS}` : ms);
    fanoutRows.push({
      case: online ? 'chat fan-out: every live push delivered' : 'chat fan-out: every mobile push queued',
      members,
      'continuous worker ms': shown(continuous),
      'former 500 ms poll ms': shown(former),
      speedup: continuous && former ? `${(former / continuous).toFixed(1)}×` : continuous ? `> ${(FANOUT_TIMEOUT_MS / continuous).toFixed(1)}×` : '-',
    });
  }
}
console.table(rows);
console.table(fanoutRows);
console.log(`node ${process.version}, embedded (memory) adapter, ${OPS} timed operations per row, one at a time; heap used ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB`);
