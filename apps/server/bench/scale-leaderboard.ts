/**
 * The leaderboard cases of the scale benchmark: one board per size, bulk-loaded with
 * `LeaderboardService.load` (score documents and first build in the layout submissions and builds
 * make); then top page and my-rank side by side, beside three floors (a bare read of a score
 * document, the machine's cost of reading random pages of a heap this large, and the p99 its
 * stalls give fixed work as long as my-rank's p50), and the store
 * work of one aggregation window as the number of changed scores and the board grow.
 */
import { HotKeyTracker, LEAF_ROWS, LeaderboardService, PORTS, randomIds, resolve, SCORE_SHARDS, scoreKey, scorePartition, SERVICES, stableShard, type RankedScore } from '@kumo/core';
import { benchClock } from './scale-backend';
import type { ScaleBackend } from './scale-backend';
import { fixedWorkRows } from './scale-machine-stalls';
import { pageWalkRows } from './scale-page-walks';
import { interleaved, timedRows, type TimedRow, type TimingPlan } from './scale-timing';

/** The most a read of a big board may cost against the 10-entry board's (p99). */
const MAX_READ_RATIO = 1.5;
/** Changed scores per aggregation window that are measured (each at most the board's size). */
const WINDOW_CHANGES = [10, 100, 1000];
/** The most a window's store calls may grow while the board grows (the same changes, the smallest board that holds them as base). */
const MAX_WINDOW_RATIO = 2;

/** One aggregation window's store work. */
export interface WindowRow {
  case: string;
  n: number;
  changed: number;
  'store calls': number;
  'calls per change': string;
  'build ms': number;
  'calls ×base': string;
  target: string;
  pass: string;
}

const board = (n: number) => `event-${n}`;
const player = (i: number) => `p${i}`;
const pick = (n: number) => Math.floor(Math.random() * n);
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Rows of a board of `n` in rank order: distinct falling scores, player ids shuffled by a stride coprime to `n` (so every `p<i>`, i < n, is on the board). */
function* rankedRows(n: number): Generator<RankedScore> {
  const stride = [7919, 104_729, 1_299_709].find((prime) => gcd(prime, n) === 1)!;
  for (let rank = 0; rank < n; rank++) yield { userId: player((rank * stride + 13) % n), score: 1_000_000 + 10 * (n - rank), achievedAt: 1 };
}

/** `count` distinct random players of a board of `n`. */
function distinctPlayers(n: number, count: number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, n)) chosen.add(pick(n));
  return [...chosen];
}

/** The store calls of one read, averaged, at one size: flat when the work per read does not grow with the board. */
export interface ReadCallsRow {
  case: string;
  n: number;
  'store calls per read': string;
}

/** Reads each size counts the store calls of. */
const COUNTED_READS = 2000;

/** Store calls per call of `read` at each size (after a warm-up as long), as rows labelled `label`. */
async function readCalls(label: string, backend: ScaleBackend, sizes: readonly number[], read: (n: number) => Promise<unknown>): Promise<ReadCallsRow[]> {
  const rows: ReadCallsRow[] = [];
  for (const n of sizes) {
    for (let i = 0; i < COUNTED_READS; i++) await read(n);
    const before = backend.calls();
    for (let i = 0; i < COUNTED_READS; i++) await read(n);
    rows.push({ case: label, n, 'store calls per read': ((backend.calls() - before) / COUNTED_READS).toFixed(2) });
  }
  return rows;
}

/** A random player's score document on the board of `n`, read with one bare store call: what my-rank reads besides the ranking. */
function scoreRead(backend: ScaleBackend, n: number): Promise<unknown> {
  const userId = player(pick(n));
  return backend.store.get(scorePartition(board(n), stableShard(userId, SCORE_SHARDS)), scoreKey(userId));
}

/** Loads one board per size; returns the read rows, the store calls per read and the aggregation-window rows. */
export async function leaderboardCases(backend: ScaleBackend, sizes: readonly number[], plan: TimingPlan): Promise<{ timed: TimedRow[]; calls: ReadCallsRow[]; windows: WindowRow[] }> {
  const boards = resolve(backend.container, SERVICES.Leaderboard);
  for (const n of sizes) {
    const started = performance.now();
    await boards.load(board(n), rankedRows(n));
    const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
    console.error(`leaderboard N=${n}: loaded in ${Math.round(performance.now() - started)} ms (rss ${rss} MiB)`);
  }
  // A second service on the same store whose node cache holds the largest board (about 1 KiB per 20 players): every leaf read twice, as a leaf enters the cache on its second read.
  const cachedNodes = Math.ceil((1.1 * Math.max(...sizes)) / LEAF_ROWS) + 64;
  const cached = new LeaderboardService(backend.store, resolve(backend.container, PORTS.Queue), randomIds, benchClock, new HotKeyTracker(), { cachedNodes });
  for (const n of sizes) for (let offset = 0; offset < n; offset += LEAF_ROWS) for (const _ of [1, 2]) await cached.ranking(board(n), offset, 1);
  const top = await interleaved(sizes, plan, (n) => boards.top(board(n), 10));
  const mine = await interleaved(sizes, plan, (n) => boards.standing(player(pick(n)), board(n), 2));
  const timed = [
    ...timedRows('leaderboard top page (10)', top, MAX_READ_RATIO),
    ...timedRows('leaderboard my-rank (±2)', mine, MAX_READ_RATIO),
    ...timedRows(`leaderboard my-rank (±2), ${cachedNodes} cached nodes`, await interleaved(sizes, plan, (n) => cached.standing(player(pick(n)), board(n), 2)), MAX_READ_RATIO),
    ...timedRows('my-rank floor: one score document, bare store read', await interleaved(sizes, plan, (n) => scoreRead(backend, n)), null),
    ...(await pageWalkRows(plan)),
    ...(await fixedWorkRows("machine floor: fixed CPU work as long as my-rank's p50 at n", mine, plan)),
  ];
  const calls = [
    ...(await readCalls('leaderboard my-rank (±2)', backend, sizes, (n) => boards.standing(player(pick(n)), board(n), 2))),
    ...(await readCalls(`leaderboard my-rank (±2), ${cachedNodes} cached nodes`, backend, sizes, (n) => cached.standing(player(pick(n)), board(n), 2))),
  ];
  return { timed, calls, windows: await windows(boards, backend, sizes) };
}

/**
 * For each number of changes: submits that many new bests on every board, then times one build
 * and counts its store calls. The base of a number of changes is the smallest board that holds them.
 */
async function windows(boards: LeaderboardService, backend: ScaleBackend, sizes: readonly number[]): Promise<WindowRow[]> {
  const rows: WindowRow[] = [];
  let top = 2_000_000_000;
  for (const changed of WINDOW_CHANGES) {
    let base: number | undefined;
    for (const n of sizes.filter((size) => size >= changed)) {
      for (const i of distinctPlayers(n, changed)) await boards.submit(player(i), board(n), top++);
      const before = backend.calls();
      const started = performance.now();
      await boards.aggregate(board(n));
      const ms = Math.round(performance.now() - started);
      const calls = backend.calls() - before;
      base ??= calls;
      const ratio = calls / base;
      const first = n === sizes.find((size) => size >= changed);
      rows.push({
        case: 'leaderboard aggregation window',
        n,
        changed,
        'store calls': calls,
        'calls per change': (calls / changed).toFixed(1),
        'build ms': ms,
        'calls ×base': `${ratio.toFixed(2)}×`,
        target: first ? 'base' : `≤ ${MAX_WINDOW_RATIO}×`,
        pass: first ? '' : ratio <= MAX_WINDOW_RATIO ? 'yes' : 'NO',
      });
      console.error(`leaderboard N=${n}: window of ${changed} changes: ${calls} store calls, ${ms} ms`);
    }
  }
  return rows;
}
