import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { Queue } from '../../ports/queue';
import type { Store } from '../../ports/store';
import type { HotKeyTracker} from '../../store/hot-keys';
import { stableShard, type HotKey } from '../../store/hot-keys';
import { ShardedCounter } from '../../store/sharded-counter';
import { transact } from '../../store/transact';
import { idempotent } from '../../store/idempotent';
import { InvalidScore, RankingNotBuilt, ScoreNotFound } from './leaderboard-errors';
import { MAX_SCORE, type BoardInfo, type RankedScore, type RankEntry, type ScoreDoc, type Standing, type SubmitResult, type TopPage } from './leaderboard-types';
import { claimBuild, compareRanked, pageOf, readMeta, readPage, releaseBuild, rowsBefore, writeRanking } from './ranking';

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
const scoreKey = (userId: string) => `score:${userId}`;
const SCORE_PREFIX = 'score:';
/** Marker of a submission made with a client `requestId`, next to the player's score document. */
const requestPrefix = (userId: string) => `req:${userId}:`;

/** Options of the leaderboard service. */
export interface LeaderboardOptions {
  /** How long after a submission the ranking that includes it is built (the ranking's staleness). */
  aggregationDelaySeconds?: number;
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
 * Leaderboards: best score per player per board, top N, a player's rank and neighbours.
 *
 * Score submission is the hot key of a popular event, so no submission writes a shared document:
 * - Each player's best is its own document, `score:<userId>`, in one of `SCORE_SHARDS` partitions
 *   chosen by a stable hash of the user id (`stableShard`). A submission is a one-document
 *   transaction: submissions of different players never conflict, and the writes spread over
 *   16 partitions (DynamoDB and Cosmos DB throttle per partition key). Only two devices of the
 *   same player contend, and `transact` retries them; the best score wins either way. The same
 *   document counts the player's submissions, so every submission is counted exactly, by the
 *   write that records it, and the build sums them. A submission may carry a client `requestId`:
 *   its marker, `req:<userId>:<requestId>` holding the result, is written in the same transaction
 *   and partition as the score document, so a retry returns the first result and counts nothing
 *   (concurrent retries conflict on the marker); a different score under the same requestId
 *   throws `ReferenceReused`. Markers are per board.
 * - The live count of players is a `ShardedCounter` (16 documents, each in its own partition),
 *   added to only by a player's FIRST submission: repeat submissions, the bulk of an event's
 *   traffic, write nothing shared. It is a follow-up of the first score write, so a request that
 *   dies between the two leaves it one short; the build's `entries` is exact.
 * - The ranking is built by a queued job (`LEADERBOARD_QUEUE`): it reads every shard, sorts, and
 *   writes the result as pages of `RANKING_PAGE_SIZE` rows under a new build id, then switches one
 *   `meta` document to it. Builds are scheduled per window of `aggregationDelaySeconds` aligned on
 *   the clock: the first submission of a window, on any instance, claims the window in the ranking
 *   partition and queues its one job (others see the claim; each process also remembers it), and
 *   the job skips itself if a later build already ran, so a burst of thousands of submissions on
 *   any number of instances costs one build per window.
 *
 * Why not the backend's ordered index? It would be fresher, but the indexes differ per cloud
 * (DynamoDB GSIs are eventually consistent and need a fixed partition key — itself a hot key;
 * Datastore needs composite indexes; Cosmos DB cross-partition ORDER BY costs RUs per query),
 * while the Store port offers key order only. Ordering by key would need the score in the key,
 * and moving a player's key on every improvement is a two-document write on the hot path.
 *
 * Consistency: a player's own best is strongly consistent (`submit` returns it). Rank and top N
 * are eventually consistent: they reflect the last build, at most about `aggregationDelaySeconds`
 * plus the build time behind. `standing` places the player's CURRENT best among the others' scores
 * of the last build. Ties rank the player who reached the score first higher.
 * Builds read every score into memory: fine for boards of up to a few hundred thousand players.
 */
export class LeaderboardService {
  private readonly delaySeconds: number;
  /** When the build this process last scheduled for each board will start (clock ms). */
  private readonly pendingBuildAt = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly queue: Queue,
    private readonly ids: Ids,
    private readonly clock: Clock,
    private readonly tracker: HotKeyTracker,
    options: LeaderboardOptions = {},
  ) {
    this.delaySeconds = Math.min(options.aggregationDelaySeconds ?? DEFAULT_AGGREGATION_DELAY_SECONDS, queue.capabilities.maxDelaySeconds);
  }

  /**
   * Records a score; the player's best is kept. Schedules the ranking build that will include it.
   * With a `requestId`, a repeated submission of the same score returns the first result and counts once.
   */
  async submit(userId: string, board: string, score: number, requestId?: string): Promise<SubmitResult> {
    if (!Number.isSafeInteger(score) || score < 0 || score > MAX_SCORE) throw new InvalidScore(score, MAX_SCORE);
    this.tracker.record(board);
    const partition = scorePartition(board, stableShard(userId, SCORE_SHARDS));
    let first = false;
    const result = await transact(this.store, (tx) => {
      first = false;
      return idempotent(tx, partition, requestPrefix(userId), requestId, [score], async (): Promise<SubmitResult> => {
        const previous = (await tx.get<ScoreDoc>(partition, scoreKey(userId)))?.value;
        const submissions = (previous?.submissions ?? 0) + 1;
        const improved = !previous || score > previous.score;
        const best = improved ? { score, achievedAt: this.clock.now() } : { score: previous.score, achievedAt: previous.achievedAt };
        tx.put<ScoreDoc>(partition, scoreKey(userId), { userId, ...best, submissions });
        first = !previous;
        return { board, userId, submitted: score, best: best.score, improved };
      });
    });
    if (first) await this.players(board).add(1);
    await this.scheduleBuild(board);
    return result;
  }

  /** The board's last build and its live player count. */
  async info(board: string): Promise<BoardInfo> {
    const [meta, players] = await Promise.all([readMeta(this.store, board), this.players(board).value()]);
    return { board, entries: meta?.entries ?? 0, submissions: meta?.submissions ?? 0, builtAt: meta?.startedAt ?? null, players };
  }

  /** The best `limit` players of the last build. */
  async top(board: string, limit: number): Promise<TopPage> {
    const meta = await readMeta(this.store, board);
    if (!meta) return { board, builtAt: null, entries: [] };
    const entries: RankEntry[] = [];
    for (let index = 0; index < meta.pages.length && entries.length < limit; index++) {
      for (const row of await readPage(this.store, board, meta, index)) {
        if (entries.length === limit) break;
        entries.push({ rank: entries.length + 1, userId: row.userId, score: row.score });
      }
    }
    return { board, builtAt: meta.startedAt, entries };
  }

  /** The player's current best placed among the last build, with up to `neighbours` players above and below. */
  async standing(userId: string, board: string, neighbours: number): Promise<Standing> {
    const [own, meta] = await Promise.all([
      this.store.get<ScoreDoc>(scorePartition(board, stableShard(userId, SCORE_SHARDS)), scoreKey(userId)),
      readMeta(this.store, board),
    ]);
    if (!own) throw new ScoreNotFound(board);
    if (!meta) throw new RankingNotBuilt(board);
    const me: RankedScore = { userId, score: own.value.score, achievedAt: own.value.achievedAt };
    // Every row of the pages before `first` ranks above the player: their old entry (a lower
    // score) can only sort after their current best, so it is never among those rows.
    const home = pageOf(meta, me);
    const first = Math.max(0, home - 1);
    const last = Math.min(meta.pages.length - 1, home + 1);
    const loaded = await Promise.all(Array.from({ length: last - first + 1 }, (_, i) => readPage(this.store, board, meta, first + i)));
    const others = loaded.flat().filter((row) => row.userId !== userId);
    const position = others.filter((row) => compareRanked(row, me) < 0).length;
    const rows = [...others.slice(0, position), me, ...others.slice(position)];
    const offset = rowsBefore(meta, first);
    const around = rows
      .map((row, i) => ({ rank: offset + i + 1, userId: row.userId, score: row.score }))
      .slice(Math.max(0, position - neighbours), position + neighbours + 1);
    return { board, builtAt: meta.startedAt, rank: offset + position + 1, score: me.score, around };
  }

  /**
   * Builds the board's ranking from every score shard, unless a build that started at or after
   * `requestedAt` already exists (the job is then a no-op, so duplicates and redeliveries are cheap).
   */
  async aggregate(board: string, requestedAt?: number): Promise<AggregateResult> {
    const current = await readMeta(this.store, board);
    if (current && requestedAt !== undefined && current.startedAt >= requestedAt) {
      return { board, built: false, entries: current.entries, builtAt: current.startedAt };
    }
    const startedAt = this.clock.now();
    const shards = await Promise.all(Array.from({ length: SCORE_SHARDS }, (_, shard) => this.readShard(board, shard)));
    const scores = shards.flat();
    const submissions = scores.reduce((sum, doc) => sum + doc.submissions, 0);
    const rows = scores.map(({ userId, score, achievedAt }) => ({ userId, score, achievedAt })).sort(compareRanked);
    const built = await writeRanking(this.store, this.ids, board, startedAt, rows, submissions);
    return { board, built, entries: rows.length, builtAt: startedAt };
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

  /** Every score document of one shard. */
  private async readShard(board: string, shard: number): Promise<ScoreDoc[]> {
    const rows: ScoreDoc[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.query<ScoreDoc>(scorePartition(board, shard), { prefix: SCORE_PREFIX, limit: 1000, cursor });
      for (const doc of page.items) rows.push(doc.value);
      cursor = page.cursor;
    } while (cursor);
    return rows;
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
