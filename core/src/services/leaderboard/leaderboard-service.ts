import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { Queue } from '../../ports/queue';
import { Conflict } from '../../ports/errors';
import type { NewDoc, Store } from '../../ports/store';
import type { HotKeyTracker} from '../../store/hot-keys';
import { stableShard, type HotKey } from '../../store/hot-keys';
import { ShardedCounter } from '../../store/sharded-counter';
import { transact } from '../../store/transact';
import { idempotent } from '../../store/idempotent';
import { LRUCache } from 'lru-cache';
import { BuildBusy, InvalidLoad, InvalidScore, NotScheduled, RankingNotBuilt, ScoreNotFound } from './leaderboard-errors';
import { MAX_SCORE, type BoardInfo, type RankedScore, type RankEntry, type ScoreDoc, type Standing, type SubmitResult, type TopPage } from './leaderboard-types';
import { RankTree } from './rank-tree';
import { CHANGE_PREFIX, changeKey, claimBuild, loadRanking, rankingPartition, nextMarker, readMeta, releaseBuild, releaseLease, runBuild, takeLease, type ChangeMarker, type RankingMeta, type ReadMarker } from './ranking';
import { checkCron, periodAt, periodBoard, type BoardSchedule, type Period } from './schedule';

/** Queue of ranking builds. */
export const LEADERBOARD_QUEUE = 'kumo-leaderboard-aggregate';

/** A queued ranking build: build `board` unless a build that started at or after `requestedAt` exists. */
export interface AggregateJob {
  board: string;
  requestedAt: number;
}

/** Partitions a board's score documents are spread over. */
export const SCORE_SHARDS = 16;
/** Shards of a board's live player counter. */
export const PLAYER_COUNTER_SHARDS = 16;
/** Default delay between a submission and the ranking build that includes it. */
export const DEFAULT_AGGREGATION_DELAY_SECONDS = 2;

/** The partition holding the score documents of the players that hash to `shard`. */
export const scorePartition = (board: string, shard: number) => `leaderboard:${board}:scores:${shard}`;
/** A player's score document key in their score shard. */
export const scoreKey = (userId: string) => `score:${userId}`;
/** Marker of a submission made with a client `requestId`, next to the player's score document. */
const requestPrefix = (userId: string) => `req:${userId}:`;

/** Rows a bulk load takes from its source at a time: the score documents it writes, then the leaves it stores, before the next. */
const LOAD_CHUNK_ROWS = 25_600;
/** Score document batches a bulk load commits at once. */
const LOAD_CONCURRENCY = 16;

/** Which period of a scheduled board: the current one (default), the previous one, or the one that starts at this epoch ms. */
export type PeriodChoice = 'current' | 'previous' | number;
/** How long a process trusts the reset schedule it read for a board. */
const SCHEDULE_CACHE_MS = 5_000;
/** How long `aggregate` waits for another build of the board to finish before giving up (`BuildBusy` then). */
const LEASE_WAIT_MS = 30_000;
const configPartition = (board: string) => `leaderboard:${board}:config`;
const SCHEDULE = 'schedule';

/** Options of the leaderboard service. */
export interface LeaderboardOptions {
  /** How long after a submission the ranking that includes it is built (the ranking's staleness). */
  aggregationDelaySeconds?: number;
  /** Ranking nodes this process caches (default `CACHED_NODES`, 16,384): a my-rank read whose leaf is not cached reads it from the store. */
  cachedNodes?: number;
}

/** Result of a ranking build. */
export interface AggregateResult {
  board: string;
  /** False if a build that started later (or at `requestedAt`) already holds these scores. */
  built: boolean;
  entries: number;
  builtAt: number | null;
}

/**
 * Leaderboards: best score per player per board, top N, a player's rank and neighbours, and
 * boards that reset on a schedule.
 *
 * Score submission is the hot key of a popular event, so no submission writes a shared document:
 * - Each player's best is its own document, `score:<userId>`, in one of `SCORE_SHARDS` partitions
 *   chosen by a stable hash of the user id (`stableShard`). A submission is a one-partition
 *   transaction: submissions of different players never conflict, and the writes spread over
 *   16 partitions (DynamoDB and Cosmos DB throttle per partition key). Only two devices of the
 *   same player contend, and `transact` retries them; the best score wins either way. The same
 *   transaction writes the player's change marker, `chg:<userId>` (see `ChangeMarker`): the
 *   player's new best and how many submissions they made since the last build took their change.
 *   A submission may carry a client `requestId`: its marker, `req:<userId>:<requestId>` holding
 *   the result, is written in the same transaction and partition, so a retry returns the first
 *   result and counts nothing (concurrent retries conflict on the marker); a different score
 *   under the same requestId throws `ReferenceReused`. Markers are per board.
 * - The live count of players is a `ShardedCounter`, added to only by a player's FIRST
 *   submission. It is a follow-up of the first score write, so a request that dies between the
 *   two leaves it one short; the build's `entries` is exact.
 * - The ranking is an order-statistic B+ tree of immutable store documents (`RankTree`) that a
 *   queued job (`LEADERBOARD_QUEUE`) updates incrementally: it reads the change markers only,
 *   rewrites the leaves the changed players leave and enter plus their ancestors, and switches one
 *   small `meta` document to the new root (`runBuild`). Store work per build grows with the
 *   players whose best changed since the last build, never with the board, and no document grows
 *   with the board. Builds are scheduled per window of `aggregationDelaySeconds` aligned on the
 *   clock: the first submission of a window, on any instance, claims the window in the ranking
 *   partition and queues its one job; builds of one board hold a lease, so they run one at a time.
 *
 * What is exact: every rank the reads return is exact against the last build: `top` is the
 * ranking as of the build's `builtAt` (every score committed before it, and no later one), and
 * `standing` places the player's CURRENT best, exactly, among the other players' rows of that
 * build. A new best therefore shows in the player's own standing at once, and in `top` and in the
 * other players' ranks after the next build: at most `aggregationDelaySeconds` plus the build time
 * (milliseconds per thousand changed players) behind. Ties rank the player who reached the score
 * first higher. Reads cost one document per tree level at most (about three for ten million
 * players), and each process caches the immutable nodes, so a read of a huge board costs what
 * one of a small board does.
 *
 * Scheduled boards: `setSchedule` gives a board a cron expression (UTC, in the Clock port's
 * time). Each period is its own stored board, `<board>@<periodStart>`: submissions go to the
 * period that holds the submission's instant, so a reset needs no job and every instance cuts at
 * the same instant. The previous period's final ranking stays readable (`period: 'previous'`, or
 * its start) for rewards: its last build runs after the period ends and holds every score of it.
 *
 * Why not the backend's ordered index? It would be fresher, but the indexes differ per cloud
 * (DynamoDB GSIs are eventually consistent and need a fixed partition key — itself a hot key;
 * Datastore needs composite indexes; Cosmos DB cross-partition ORDER BY costs RUs per query),
 * while the Store port offers key order only.
 */
export class LeaderboardService {
  private readonly delaySeconds: number;
  /** When the build this process last scheduled for each board will start (clock ms). */
  private readonly pendingBuildAt = new Map<string, number>();
  private readonly tree: RankTree;
  private readonly schedules = new LRUCache<string, { schedule: BoardSchedule | null }>({ max: 10_000, ttl: SCHEDULE_CACHE_MS, ttlAutopurge: false });

  constructor(
    private readonly store: Store,
    private readonly queue: Queue,
    private readonly ids: Ids,
    private readonly clock: Clock,
    private readonly tracker: HotKeyTracker,
    options: LeaderboardOptions = {},
  ) {
    this.delaySeconds = Math.min(options.aggregationDelaySeconds ?? DEFAULT_AGGREGATION_DELAY_SECONDS, queue.capabilities.maxDelaySeconds);
    this.tree = new RankTree(store, ids, undefined, options.cachedNodes);
  }

  /**
   * Records a score; the player's best is kept. Schedules the ranking build that will include it.
   * With a `requestId`, a repeated submission of the same score returns the first result and counts once.
   * On a scheduled board the score goes to the period that holds this instant.
   */
  async submit(userId: string, board: string, score: number, requestId?: string): Promise<SubmitResult> {
    if (!Number.isSafeInteger(score) || score < 0 || score > MAX_SCORE) throw new InvalidScore(score, MAX_SCORE);
    this.tracker.record(board);
    const stored = await this.storedBoard(board, 'current');
    const partition = scorePartition(stored, stableShard(userId, SCORE_SHARDS));
    let first = false;
    const result = await transact(this.store, (tx) => {
      first = false;
      return idempotent(tx, partition, requestPrefix(userId), requestId, [score], async (): Promise<SubmitResult> => {
        const [previous, marker] = await Promise.all([tx.get<ScoreDoc>(partition, scoreKey(userId)), tx.get<ChangeMarker>(partition, changeKey(userId))]);
        const before = previous?.value;
        const submissions = (before?.submissions ?? 0) + 1;
        const improved = !before || score > before.score;
        const best = improved ? { score, achievedAt: this.clock.now() } : { score: before.score, achievedAt: before.achievedAt };
        tx.put<ScoreDoc>(partition, scoreKey(userId), { userId, ...best, submissions });
        tx.put<ChangeMarker>(partition, changeKey(userId), nextMarker(marker?.value, { userId, ...best }, before ? { userId, score: before.score, achievedAt: before.achievedAt } : null));
        first = !before;
        return { board, userId, submitted: score, best: best.score, improved };
      });
    });
    if (first) await this.players(stored).add(1);
    await this.scheduleBuild(stored);
    return result;
  }

  /** The board's last build and its live player count (of the chosen period on a scheduled board). */
  async info(board: string, period: PeriodChoice = 'current'): Promise<BoardInfo> {
    const chosen = await this.period(board, period);
    const stored = periodBoard(board, chosen);
    const [meta, players] = await Promise.all([readMeta(this.store, stored), this.players(stored).value()]);
    return {
      board,
      entries: meta?.entries ?? 0,
      submissions: meta?.submissions ?? 0,
      builtAt: meta?.startedAt ?? null,
      players,
      period: chosen,
    };
  }

  /** The best `limit` players of the last build. */
  async top(board: string, limit: number, period: PeriodChoice = 'current'): Promise<TopPage> {
    const page = await this.ranking(board, 0, limit, period);
    return { board, builtAt: page.builtAt, entries: page.entries };
  }

  /** `limit` rows of the last build from 0-based position `offset` (e.g. to hand out a period's rewards). */
  async ranking(board: string, offset: number, limit: number, period: PeriodChoice = 'current'): Promise<TopPage> {
    const stored = await this.storedBoard(board, period);
    const meta = await readMeta(this.store, stored);
    if (!meta) return { board, builtAt: null, entries: [] };
    const rows = await this.tree.rowsAt(rankingPartition(stored), meta.tree, offset, limit);
    return { board, builtAt: meta.startedAt, entries: rows.map((row, i) => ({ rank: offset + i + 1, userId: row.userId, score: row.score })) };
  }

  /** The player's current best placed among the last build, with up to `neighbours` players above and below. */
  async standing(userId: string, board: string, neighbours: number, period: PeriodChoice = 'current'): Promise<Standing> {
    const stored = await this.storedBoard(board, period);
    const [own, meta] = await Promise.all([this.store.get<ScoreDoc>(scorePartition(stored, stableShard(userId, SCORE_SHARDS)), scoreKey(userId)), readMeta(this.store, stored)]);
    if (!own) throw new ScoreNotFound(board);
    if (!meta) throw new RankingNotBuilt(board);
    const me: RankedScore = { userId, score: own.value.score, achievedAt: own.value.achievedAt };
    // The player's own row in the build (a lower or equal best) never sorts before their current best.
    const found = await this.tree.around(rankingPartition(stored), meta.tree, me, neighbours, neighbours + 1);
    const position = found.position;
    const start = Math.max(0, position - neighbours);
    const window = found.rows.filter((row) => row.userId !== userId);
    const above = window.slice(0, position - start).map((row, i): RankEntry => ({ rank: start + i + 1, userId: row.userId, score: row.score }));
    const below = window.slice(position - start, position - start + neighbours).map((row, i): RankEntry => ({ rank: position + i + 2, userId: row.userId, score: row.score }));
    const around = [...above, { rank: position + 1, userId, score: me.score }, ...below];
    return { board, builtAt: meta.startedAt, rank: position + 1, score: me.score, around };
  }

  /**
   * Bulk-loads an empty board (an import, or a benchmark's seed) from rows in rank order, one per
   * player (best first; ties by `achievedAt`, then user id): writes each player's score document
   * (one submission each) and the board's first ranking build, in the layout `submit` and
   * `aggregate` make, at the cost of one write per 100 players plus one per 256 rows, instead of a
   * transaction per player and a build that merges them all. On a store with `putMany` the score
   * documents go through it instead (DynamoDB: 25 per BatchWriteItem, several in flight, where a
   * 100-item transaction is slow), once no score shard of the board holds a document; the load
   * then keeps the ids of the players it wrote, to refuse a player listed twice. Streams: `rows`
   * is read a chunk at a time. Throws `InvalidLoad` if a player is repeated, the rows are out of
   * order, the board has a ranking (or, with `putMany`, a score) already, `InvalidScore` for a score
   * `submit` would refuse (the documents written so far stay then). Returns the board's entries.
   */
  async load(board: string, rows: Iterable<RankedScore>): Promise<number> {
    const stored = await this.storedBoard(board, 'current');
    if (await readMeta(this.store, stored)) throw new InvalidLoad(board, 'it has a ranking already');
    if (this.store.putMany && (await this.hasScores(stored))) throw new InvalidLoad(board, 'it has scores already');
    const chunks = this.writeScores(board, stored, rows);
    const meta = await loadRanking(this.store, this.tree, stored, chunks, this.ids.next(), this.clock.now()).catch((error: unknown) => {
      throw error instanceof RangeError ? new InvalidLoad(board, error.message) : error;
    });
    if (!meta) throw new InvalidLoad(board, 'it was built meanwhile');
    await this.players(stored).add(meta.entries);
    return meta.entries;
  }

  /** Writes the score documents of `rows` (new documents only) a chunk at a time, then yields the chunk. */
  private async *writeScores(board: string, stored: string, rows: Iterable<RankedScore>): AsyncGenerator<RankedScore[]> {
    const size = Math.min(100, this.store.capabilities.maxTransactionItems);
    const written = new Set<string>();
    let chunk: RankedScore[] = [];
    const flush = async () => {
      if (this.store.putMany) {
        await this.store.putMany(chunk.map((row) => this.newScore(board, stored, row, written)));
        const loaded = chunk;
        chunk = [];
        return loaded;
      }
      const shards = Array.from({ length: SCORE_SHARDS }, (): RankedScore[] => []);
      for (const row of chunk) shards[stableShard(row.userId, SCORE_SHARDS)]!.push(row);
      const batches = shards.flatMap((shard) => Array.from({ length: Math.ceil(shard.length / size) }, (_, i) => shard.slice(i * size, (i + 1) * size)));
      for (let i = 0; i < batches.length; i += LOAD_CONCURRENCY) await Promise.all(batches.slice(i, i + LOAD_CONCURRENCY).map((batch) => this.createScores(board, stored, batch)));
      const loaded = chunk;
      chunk = [];
      return loaded;
    };
    for (const row of rows) {
      chunk.push(row);
      if (chunk.length === LOAD_CHUNK_ROWS) yield await flush();
    }
    yield await flush();
  }

  /** A loaded player's score document, for `putMany`; a player already in `written` throws `InvalidLoad`, an invalid score `InvalidScore`. */
  private newScore(board: string, stored: string, row: RankedScore, written: Set<string>): NewDoc {
    if (written.has(row.userId)) throw new InvalidLoad(board, 'a player is listed twice');
    written.add(row.userId);
    if (!Number.isSafeInteger(row.score) || row.score < 0 || row.score > MAX_SCORE) throw new InvalidScore(row.score, MAX_SCORE);
    const value: ScoreDoc = { userId: row.userId, score: row.score, achievedAt: row.achievedAt, submissions: 1 };
    return { partition: scorePartition(stored, stableShard(row.userId, SCORE_SHARDS)), key: scoreKey(row.userId), value };
  }

  /** Whether any score shard of a stored board holds a document. */
  private async hasScores(stored: string): Promise<boolean> {
    const pages = await Promise.all(Array.from({ length: SCORE_SHARDS }, (_, shard) => this.store.query(scorePartition(stored, shard), { limit: 1 })));
    return pages.some((page) => page.items.length > 0);
  }

  /** Creates the score documents of one shard's batch of players in one commit; a player already there, or twice in the batch, throws `InvalidLoad`. */
  private async createScores(board: string, stored: string, batch: readonly RankedScore[]): Promise<void> {
    const partition = scorePartition(stored, stableShard(batch[0]!.userId, SCORE_SHARDS));
    if (new Set(batch.map((row) => row.userId)).size < batch.length) throw new InvalidLoad(board, 'a player is listed twice');
    const invalid = batch.find((row) => !Number.isSafeInteger(row.score) || row.score < 0 || row.score > MAX_SCORE);
    if (invalid) throw new InvalidScore(invalid.score, MAX_SCORE);
    const operations = batch.map((row) => ({ type: 'put' as const, partition, key: scoreKey(row.userId), version: null, value: { userId: row.userId, score: row.score, achievedAt: row.achievedAt, submissions: 1 } }));
    await this.store.commit(operations).catch((error: unknown) => {
      throw error instanceof Conflict ? new InvalidLoad(board, 'a player has a score already') : error;
    });
  }

  /** Gives the board a reset schedule (a five-field cron expression, UTC), or removes it with null. */
  async setSchedule(board: string, cron: string | null): Promise<BoardSchedule | null> {
    const schedule = cron === null ? null : { cron: await checkCron(cron) };
    await transact(this.store, async (tx) => (schedule ? tx.put<BoardSchedule>(configPartition(board), SCHEDULE, schedule) : tx.delete(configPartition(board), SCHEDULE)));
    this.schedules.set(board, { schedule });
    return schedule;
  }

  /** The board's reset schedule, or null. */
  async schedule(board: string): Promise<BoardSchedule | null> {
    const cached = this.schedules.get(board);
    if (cached) return cached.schedule;
    const schedule = (await this.store.get<BoardSchedule>(configPartition(board), SCHEDULE))?.value ?? null;
    this.schedules.set(board, { schedule });
    return schedule;
  }

  /**
   * Updates the board's ranking with every change since the last build, unless a build that started
   * at or after `requestedAt` already exists (the job is then a no-op, so duplicates and
   * redeliveries are cheap). `board` is a stored board (a period's, for a scheduled board); the
   * admin route passes the board's current period. Waits for a build of the same board that is
   * running; throws `BuildBusy` if it does not end within `LEASE_WAIT_MS`.
   */
  async aggregate(board: string, requestedAt?: number): Promise<AggregateResult> {
    const holder = this.ids.next();
    const waitUntil = Date.now() + LEASE_WAIT_MS;
    while (!(await takeLease(this.store, board, holder, this.clock.now()))) {
      if (Date.now() > waitUntil) throw new BuildBusy(board);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    try {
      const skip = (meta: RankingMeta | undefined) => meta !== undefined && requestedAt !== undefined && meta.startedAt >= requestedAt;
      const renew = async () => {
        if (!(await takeLease(this.store, board, holder, this.clock.now()))) throw new BuildBusy(board);
      };
      const input = { board, buildId: this.ids.next(), holder, now: () => this.clock.now(), readMarkers: () => this.readMarkers(board), renew };
      const outcome = await runBuild(this.store, this.tree, input, skip);
      return { board, built: outcome.built, entries: outcome.meta?.entries ?? 0, builtAt: outcome.meta?.startedAt ?? null };
    } finally {
      await releaseLease(this.store, board, holder);
    }
  }

  /** Builds the current period of `board` now (the admin route). */
  async aggregateNow(board: string): Promise<AggregateResult> {
    const result = await this.aggregate(await this.storedBoard(board, 'current'));
    return { ...result, board };
  }

  /**
   * Handles a queued build. A job delivered before `requestedAt` by this clock (clock skew between
   * the queue and this instance) is sent back for the remaining time: submissions up to
   * `requestedAt` rely on it.
   */
  async runJob(job: AggregateJob): Promise<void> {
    const early = job.requestedAt - this.clock.now();
    if (early > 0) return this.queue.send(LEADERBOARD_QUEUE, job, { delaySeconds: Math.min(Math.ceil(early / 1000), this.delaySeconds) });
    await this.aggregate(job.board, job.requestedAt);
  }

  /** The boards this process received most submissions for (hot keys), busiest first. */
  busiestBoards(limit: number): HotKey[] {
    return this.tracker.top(limit);
  }

  private players(board: string): ShardedCounter {
    return new ShardedCounter(this.store, { name: `leaderboard:${board}:players`, shards: PLAYER_COUNTER_SHARDS });
  }

  /** The chosen period of a scheduled board; null for a board without a schedule (asked for its current period). */
  private async period(board: string, choice: PeriodChoice): Promise<Period | null> {
    const schedule = await this.schedule(board);
    if (!schedule) {
      if (choice === 'current') return null;
      throw new NotScheduled(board);
    }
    const now = this.clock.now();
    if (choice === 'current') return periodAt(schedule, now);
    if (choice === 'previous') return periodAt(schedule, now, -1);
    return periodAt(schedule, choice);
  }

  /** Where the chosen period of a board is stored. */
  private async storedBoard(board: string, choice: PeriodChoice): Promise<string> {
    return periodBoard(board, await this.period(board, choice));
  }

  /** Every change marker of a stored board, from every score shard. */
  private async readMarkers(board: string): Promise<ReadMarker[]> {
    const shards = await Promise.all(
      Array.from({ length: SCORE_SHARDS }, async (_, shard) => {
        const partition = scorePartition(board, shard);
        const rows: ReadMarker[] = [];
        let cursor: string | undefined;
        do {
          const page = await this.store.query<ChangeMarker>(partition, { prefix: CHANGE_PREFIX, limit: 1000, cursor });
          for (const doc of page.items) rows.push({ partition, marker: doc.value });
          cursor = page.cursor;
        } while (cursor);
        return rows;
      }),
    );
    return shards.flat();
  }

  /**
   * Queues the build of the current window unless it is already queued, by this process (a map)
   * or by any instance (a claim in the board's ranking partition). Windows are
   * `aggregationDelaySeconds` long and aligned on the clock, so every instance computes the same
   * `requestedAt` for a submission, and the first to claim it queues the one job of the window.
   */
  private async scheduleBuild(board: string): Promise<void> {
    const now = this.clock.now();
    const windowMs = Math.max(1, this.delaySeconds) * 1000;
    const requestedAt = (Math.floor(now / windowMs) + 1) * windowMs;
    if ((this.pendingBuildAt.get(board) ?? 0) >= requestedAt) return;
    this.pendingBuildAt.set(board, requestedAt);
    try {
      if (!(await claimBuild(this.store, board, requestedAt))) return;
      const job: AggregateJob = { board, requestedAt };
      const delaySeconds = Math.min(Math.ceil((requestedAt - now) / 1000), this.queue.capabilities.maxDelaySeconds);
      await this.queue.send(LEADERBOARD_QUEUE, job, { delaySeconds, dedupeId: `${board}:${requestedAt}` }).catch(async (error: unknown) => {
        await releaseBuild(this.store, board, requestedAt);
        throw error;
      });
    } catch (error) {
      this.pendingBuildAt.delete(board);
      throw error;
    }
  }
}
