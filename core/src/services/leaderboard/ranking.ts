import type { Store } from '../../ports/store';
import { transact, type Transaction } from '../../store/transact';
import type { RankedScore } from './leaderboard-types';
import type { RankTree, TreeRoot } from './rank-tree';

/** The `meta` document of a board's ranking partition: which build is current. */
export interface RankingMeta {
  [field: string]: unknown;
  buildId: string;
  /** 1 for a board's first build, +1 for each build after. */
  seq: number;
  /** When the build started reading changes: it holds every score committed before. */
  startedAt: number;
  entries: number;
  /** Every submission counted so far (each counted by the build that took its change marker). */
  submissions: number;
  tree: TreeRoot;
  /** The build before this one: its replaced nodes are deleted by the next build. */
  previousBuildId: string | null;
}

/**
 * A player's change not yet taken into the ranking, `chg:<userId>` beside the score document and
 * written by the same transaction as it. `to` is the player's best now; `added` counts the
 * submissions since the marker was created. Which row the ranking holds for the player, and how
 * many of `added` it counted, depends on `applied`: when the build named there became current,
 * `applied.row` and `applied.added`; otherwise `from` and `counted`.
 */
export interface ChangeMarker {
  [field: string]: unknown;
  userId: string;
  to: RankedScore;
  added: number;
  from: RankedScore | null;
  counted: number;
  applied?: { seq: number; buildId: string; row: RankedScore; added: number };
}

/** A document listing nodes a build replaced (chunked so that no list grows past `GARBAGE_CHUNK`). */
interface GarbageDoc {
  [field: string]: unknown;
  nodes: string[];
}

/** The build lease: one build at a time per board. */
interface LeaseDoc {
  [field: string]: unknown;
  holder: string;
  until: number;
}

/** The `scheduled` document: the `requestedAt` of the latest window whose build is queued. */
interface ScheduledDoc {
  [field: string]: unknown;
  requestedAt: number;
}

/** Prefix of change markers in a score shard. */
export const CHANGE_PREFIX = 'chg:';
/** A player's change marker key. */
export const changeKey = (userId: string) => `${CHANGE_PREFIX}${userId}`;
/** How long a build holds the board's lease; the build renews it between its steps, and gives up if it lost it. */
export const BUILD_LEASE_MS = 2 * 60_000;
const META = 'meta';
const LEASE = 'lease';
/** The ranking partition's claim of the latest build window that has its job queued. */
const SCHEDULED = 'scheduled';
const GARBAGE_CHUNK = 1000;
/** Most markers stamped or taken in one transaction (all in one score shard; fewer if the store's batches are smaller). */
const MARKER_BATCH = 100;
const garbagePrefix = (buildId: string) => `gc:${buildId}:`;

/** The partition of a board's built ranking: `meta`, the tree's nodes, the lease and the build claim. */
export const rankingPartition = (board: string) => `leaderboard:${board}:ranking`;

/** The current build's meta, or undefined before the first build. */
export async function readMeta(store: Store, board: string): Promise<RankingMeta | undefined> {
  return (await store.get<RankingMeta>(rankingPartition(board), META))?.value;
}

/** The marker of a player who submits: created on their first submission since the last build took their change, else updated. */
export function nextMarker(marker: ChangeMarker | undefined, best: RankedScore, previous: RankedScore | null): ChangeMarker {
  if (marker) return { ...marker, to: best, added: marker.added + 1 };
  return { userId: best.userId, to: best, added: 1, from: previous, counted: 0 };
}

/** The row the ranking of `meta` holds for a marker's player, and how many of its submissions it counted. */
function resolve(marker: ChangeMarker, meta: RankingMeta | undefined): { row: RankedScore | null; counted: number } {
  const { applied } = marker;
  const current = applied !== undefined && meta !== undefined && (meta.seq > applied.seq || (meta.seq === applied.seq && meta.buildId === applied.buildId));
  return current ? { row: applied.row, counted: applied.added } : { row: marker.from, counted: marker.counted };
}

/** A marker read by a build, with its address. */
export interface ReadMarker {
  partition: string;
  marker: ChangeMarker;
}

/** What `runBuild` needs from the service. */
export interface BuildInput {
  board: string;
  buildId: string;
  holder: string;
  now: () => number;
  /** Reads every change marker of the board (every score shard). */
  readMarkers(): Promise<ReadMarker[]>;
  /** Extends the build's lease; throws if another build took it (this one then stops before switching). */
  renew(): Promise<void>;
}

/** Outcome of one build: whether it became current, and the meta it ran against or wrote. */
export interface BuildOutcome {
  built: boolean;
  meta: RankingMeta | undefined;
}

/**
 * One incremental build under the board's lease: reads the change markers (not the scores),
 * merges the moved rows into the tree (new nodes only), stamps each marker with this build, then
 * switches `meta` to the new tree if no other build switched it meanwhile, then takes the markers
 * that did not change since they were read and deletes the nodes the previous build replaced.
 * Store work grows with the changed players, never with the board. A build that crashes anywhere
 * is repaired by the next: a stamp only counts once its build is current, and a leaf never keeps
 * two rows of one player. `skip` is called under the lease with the current meta and may end the
 * build before it reads anything.
 */
export async function runBuild(store: Store, tree: RankTree, input: BuildInput, skip: (meta: RankingMeta | undefined) => boolean): Promise<BuildOutcome> {
  const partition = rankingPartition(input.board);
  const previous = await readMeta(store, input.board);
  if (skip(previous)) return { built: false, meta: previous };
  const startedAt = input.now();
  const markers = await input.readMarkers();
  await input.renew();
  const seq = (previous?.seq ?? 0) + 1;
  let submissions = previous?.submissions ?? 0;
  const changes = [];
  for (const { marker } of markers) {
    const base = resolve(marker, previous);
    submissions += marker.added - base.counted;
    if (!base.row || rowKey(base.row) !== rowKey(marker.to)) changes.push({ remove: base.row, insert: marker.to });
  }
  const update = await tree.apply(partition, previous?.tree ?? { root: null, count: 0 }, changes);
  const meta: RankingMeta = { buildId: input.buildId, seq, startedAt, entries: update.tree.count, submissions, tree: update.tree, previousBuildId: previous?.buildId ?? null };
  const discard = async () => {
    await tree.delete(partition, update.written);
    await deleteGarbage(store, tree, partition, input.buildId, false);
  };
  let won: boolean;
  try {
    await writeGarbage(store, partition, input.buildId, update.replaced);
    await input.renew();
    await forMarkerBatches(store, markers, (tx, read, current) => {
      const base = resolve(current, previous);
      tx.put<ChangeMarker>(read.partition, changeKey(current.userId), {
        ...current,
        from: base.row,
        counted: base.counted,
        applied: { seq, buildId: input.buildId, row: read.marker.to, added: read.marker.added },
      });
    });
    await input.renew();
    won = await transact(store, async (tx) => {
      const current = (await tx.get<RankingMeta>(partition, META))?.value;
      if ((current?.seq ?? 0) !== seq - 1) return false;
      tx.put<RankingMeta>(partition, META, meta);
      return true;
    });
  } catch (error) {
    await discard().catch(() => undefined);
    throw error;
  }
  if (!won) {
    await discard();
    return { built: false, meta: await readMeta(store, input.board) };
  }
  await forMarkerBatches(store, markers, (tx, read, current) => {
    if (rowKey(current.to) === rowKey(read.marker.to) && current.added === read.marker.added) tx.delete(read.partition, changeKey(current.userId));
  });
  if (previous) await deleteGarbage(store, tree, partition, previous.buildId, true);
  return { built: true, meta };
}

/** Takes the board's build lease for `holder`: false while another holder's lease runs. */
export function takeLease(store: Store, board: string, holder: string, now: number): Promise<boolean> {
  return transact(store, async (tx) => {
    const lease = (await tx.get<LeaseDoc>(rankingPartition(board), LEASE))?.value;
    if (lease && lease.holder !== holder && lease.until > now) return false;
    tx.put<LeaseDoc>(rankingPartition(board), LEASE, { holder, until: now + BUILD_LEASE_MS });
    return true;
  });
}

/** Gives the lease back if `holder` still holds it. */
export async function releaseLease(store: Store, board: string, holder: string): Promise<void> {
  await transact(store, async (tx) => {
    const lease = (await tx.get<LeaseDoc>(rankingPartition(board), LEASE))?.value;
    if (lease?.holder === holder) tx.delete(rankingPartition(board), LEASE);
  });
}

/**
 * Claims the build of the window ending at `requestedAt` for the board, across instances: true for
 * the one caller that moves the claim to it, false when that window (or a later one) is claimed.
 */
export function claimBuild(store: Store, board: string, requestedAt: number): Promise<boolean> {
  return transact(store, async (tx) => {
    const claimed = await tx.get<ScheduledDoc>(rankingPartition(board), SCHEDULED);
    if (claimed && claimed.value.requestedAt >= requestedAt) return false;
    tx.put<ScheduledDoc>(rankingPartition(board), SCHEDULED, { requestedAt });
    return true;
  });
}

/** Gives back a claim whose job could not be queued, so the next submission of the window claims it again. */
export async function releaseBuild(store: Store, board: string, requestedAt: number): Promise<void> {
  await transact(store, async (tx) => {
    const claimed = await tx.get<ScheduledDoc>(rankingPartition(board), SCHEDULED);
    if (claimed?.value.requestedAt === requestedAt) tx.delete(rankingPartition(board), SCHEDULED);
  });
}

const rowKey = (row: RankedScore) => `${row.score}\u0000${row.achievedAt}`;

/** Runs `work` on every read marker that still exists, `MARKER_BATCH` markers of one shard per transaction. */
async function forMarkerBatches(
  store: Store,
  markers: readonly ReadMarker[],
  work: (tx: Transaction, read: ReadMarker, current: ChangeMarker) => void,
): Promise<void> {
  const byShard = new Map<string, ReadMarker[]>();
  for (const read of markers) {
    const shard = byShard.get(read.partition);
    if (shard) shard.push(read);
    else byShard.set(read.partition, [read]);
  }
  const size = Math.min(MARKER_BATCH, store.capabilities.maxTransactionItems);
  const batches = [...byShard.values()].flatMap((reads) => Array.from({ length: Math.ceil(reads.length / size) }, (_, i) => reads.slice(i * size, (i + 1) * size)));
  for (let i = 0; i < batches.length; i += 16) {
    await Promise.all(
      batches.slice(i, i + 16).map((batch) =>
        transact(store, async (tx) => {
          const current = await Promise.all(batch.map((read) => tx.get<ChangeMarker>(read.partition, changeKey(read.marker.userId))));
          for (const [i, read] of batch.entries()) if (current[i]) work(tx, read, current[i].value);
        }),
      ),
    );
  }
}

/** Records the nodes a build replaced, in chunks, for the build after the next to delete. */
async function writeGarbage(store: Store, partition: string, buildId: string, nodes: readonly string[]): Promise<void> {
  for (let i = 0; i * GARBAGE_CHUNK < nodes.length; i++) {
    const chunk = nodes.slice(i * GARBAGE_CHUNK, (i + 1) * GARBAGE_CHUNK);
    await transact(store, async (tx) => tx.put<GarbageDoc>(partition, `${garbagePrefix(buildId)}${String(i).padStart(6, '0')}`, { nodes: chunk }));
  }
}

/** Deletes a build's garbage lists, and with `nodes` the nodes they list. */
async function deleteGarbage(store: Store, tree: RankTree, partition: string, buildId: string, nodes: boolean): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await store.query<GarbageDoc>(partition, { prefix: garbagePrefix(buildId), limit: 10, cursor });
    for (const doc of page.items) {
      if (nodes) await tree.delete(partition, doc.value.nodes);
      await transact(store, async (tx) => tx.delete(partition, doc.key));
    }
    cursor = page.cursor;
  } while (cursor);
}

/**
 * Makes the first build of an empty board from rows in rank order (a bulk load): the tree's nodes,
 * then `meta`, created only if no build exists meanwhile (else the nodes are deleted and the
 * result is null). Each row counts as one submission.
 */
export async function loadRanking(store: Store, tree: RankTree, board: string, chunks: AsyncIterable<readonly RankedScore[]>, buildId: string, startedAt: number): Promise<RankingMeta | null> {
  const partition = rankingPartition(board);
  const { tree: root, written } = await tree.load(partition, chunks);
  const meta: RankingMeta = { buildId, seq: 1, startedAt, entries: root.count, submissions: root.count, tree: root, previousBuildId: null };
  const created = await transact(store, async (tx) => {
    if (await tx.get(partition, META)) return false;
    tx.put<RankingMeta>(partition, META, meta);
    return true;
  });
  if (!created) await tree.delete(partition, written);
  return created ? meta : null;
}
