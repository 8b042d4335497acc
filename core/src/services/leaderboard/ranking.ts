import type { Ids } from '../../ports/ids';
import type { Store } from '../../ports/store';
import { transact } from '../../store/transact';
import type { RankedScore } from './leaderboard-types';

/** Rows per ranking page: about 15 KiB, far below every backend's document limit. */
export const RANKING_PAGE_SIZE = 200;

/** A page's size and last row, kept in the meta so a lookup knows which page to read. */
interface PageSummary {
  count: number;
  last: RankedScore;
}

/** The `meta` document of a board's ranking partition: which build is current. */
export interface RankingMeta {
  [field: string]: unknown;
  buildId: string;
  /** When the build started reading scores: it holds every score committed before. */
  startedAt: number;
  entries: number;
  /** Every submission counted in the score documents the build read. */
  submissions: number;
  pages: PageSummary[];
  /** The build before this one; kept so a reader that just read the old meta still finds its pages. */
  previousBuildId: string | null;
}

/** A page document. */
interface PageDoc {
  [field: string]: unknown;
  rows: RankedScore[];
}

const META = 'meta';
/** The ranking partition's claim of the latest build window that has its job queued. */
const SCHEDULED = 'scheduled';

/** The `scheduled` document: the `requestedAt` of the latest window whose build is queued. */
interface ScheduledDoc {
  [field: string]: unknown;
  requestedAt: number;
}
/** The partition of a board's built ranking (the only document it holds that changes is `meta`). */
export const rankingPartition = (board: string) => `leaderboard:${board}:ranking`;
const pagePrefix = (buildId: string) => `page:${buildId}:`;
const pageKey = (buildId: string, index: number) => `${pagePrefix(buildId)}${String(index).padStart(6, '0')}`;

/** Ranking order: higher score first, then who reached it first, then user id. */
export function compareRanked(a: RankedScore, b: RankedScore): number {
  return b.score - a.score || a.achievedAt - b.achievedAt || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
}

/** The current build's meta, or undefined before the first build. */
export async function readMeta(store: Store, board: string): Promise<RankingMeta | undefined> {
  return (await store.get<RankingMeta>(rankingPartition(board), META))?.value;
}

/** The rows of one page of a build. */
export async function readPage(store: Store, board: string, meta: RankingMeta, index: number): Promise<RankedScore[]> {
  return (await store.get<PageDoc>(rankingPartition(board), pageKey(meta.buildId, index)))?.value.rows ?? [];
}

/** The first page whose last row does not sort before `row` (where `row` belongs), or `pages.length`. */
export function pageOf(meta: RankingMeta, row: RankedScore): number {
  const index = meta.pages.findIndex((page) => compareRanked(row, page.last) <= 0);
  return index < 0 ? meta.pages.length : index;
}

/** Rows in the pages before page `index`. */
export function rowsBefore(meta: RankingMeta, index: number): number {
  return meta.pages.slice(0, index).reduce((sum, page) => sum + page.count, 0);
}

/**
 * Stores sorted rows as a new build: writes its pages (new keys, so readers of the current build
 * are undisturbed), then switches `meta` to it in one single-document transaction, then deletes
 * the pages of the build before the previous one. If a build that started later has already
 * switched `meta`, this one is discarded. Returns whether it became current.
 */
export async function writeRanking(store: Store, ids: Ids, board: string, startedAt: number, rows: RankedScore[], submissions: number): Promise<boolean> {
  const partition = rankingPartition(board);
  const buildId = ids.next();
  const pages: PageSummary[] = [];
  const writes: Array<Promise<void>> = [];
  for (let index = 0; index * RANKING_PAGE_SIZE < rows.length; index++) {
    const page = rows.slice(index * RANKING_PAGE_SIZE, (index + 1) * RANKING_PAGE_SIZE);
    pages.push({ count: page.length, last: page[page.length - 1]! });
    writes.push(transact(store, async (tx) => tx.put<PageDoc>(partition, pageKey(buildId, index), { rows: page })));
  }
  await Promise.all(writes);
  const replaced = await transact(store, async (tx) => {
    const current = (await tx.get<RankingMeta>(partition, META))?.value;
    if (current && current.startedAt > startedAt) return { won: false, stale: buildId };
    tx.put<RankingMeta>(partition, META, { buildId, startedAt, entries: rows.length, submissions, pages, previousBuildId: current?.buildId ?? null });
    return { won: true, stale: current?.previousBuildId ?? null };
  });
  if (replaced.stale) await deleteBuild(store, partition, replaced.stale);
  return replaced.won;
}

/** Deletes every page of a build. */
async function deleteBuild(store: Store, partition: string, buildId: string): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await store.query(partition, { prefix: pagePrefix(buildId), limit: 100, cursor });
    await Promise.all(page.items.map((doc) => transact(store, async (tx) => tx.delete(partition, doc.key))));
    cursor = page.cursor;
  } while (cursor);
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
