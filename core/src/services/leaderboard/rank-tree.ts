import { LRUCache } from 'lru-cache';
import type { Ids } from '../../ports/ids';
import type { DocAddress, NewDoc, Store } from '../../ports/store';
import { writesPerTransaction } from '../../store/change-log';
import { immutableValue } from '../../store/immutable-values';
import { jsonBytes } from '../../store/limits';
import { getMany } from '../../store/read-many';
import { transact } from '../../store/transact';
import type { RankedScore } from './leaderboard-types';

/** Most rows in one leaf node: about 12 KiB, far below every backend's document limit. */
export const LEAF_ROWS = 256;
/** Most children of one inner node (each an id, a count and a last row): about 30 KiB. */
export const FANOUT = 256;
/** Nodes each process keeps in memory by default (nodes never change once written, so a cached node is never stale): about 100 MiB of full leaves, all the inner nodes of any board, and every leaf of a board of four million. */
export const CACHED_NODES = 16_384;
/** Node writes (batches of nodes) one build runs at once. */
const WRITE_CONCURRENCY = 16;

/** A child of an inner node: where it is, how many rows are under it, and its last (lowest ranked) row. */
export interface ChildRef {
  [field: string]: unknown;
  id: string;
  count: number;
  last: RankedScore;
}

/**
 * A stored leaf: its rows in rank order, one array per field (row `i` is `users[i]`, `scores[i]`,
 * `at[i]`). Column arrays of plain strings and numbers are a few objects per leaf instead of one
 * per row, so reading, copying, caching and garbage-collecting a leaf costs little whatever its
 * rows, a leaf is about 40% fewer bytes than a list of row objects, and a search reads packed numbers.
 */
export interface LeafNode {
  [field: string]: unknown;
  leaf: true;
  users: string[];
  scores: number[];
  at: number[];
}

/** A stored inner node: its children in rank order. */
export interface InnerNode {
  [field: string]: unknown;
  leaf: false;
  children: ChildRef[];
}

/** A stored node of a ranking tree. */
export type RankNode = LeafNode | InnerNode;

/** A ranking tree: its root node (null when empty) and the rows under it. */
export interface TreeRoot {
  [field: string]: unknown;
  root: string | null;
  count: number;
}

/** Most rows per leaf and children per inner node. */
export interface TreeShape {
  leafRows: number;
  fanout: number;
}

/** One player's move in the ranking: their row as ranked so far (none for a new player) and their new row. */
export interface RowChange {
  remove: RankedScore | null;
  insert: RankedScore;
}

/** What applying changes wrote: the new root, the nodes it created and the nodes it replaced. */
export interface TreeUpdate {
  tree: TreeRoot;
  written: string[];
  replaced: string[];
}

/** Ranking order: higher score first, then who reached it first, then user id. */
export function compareRanked(a: RankedScore, b: RankedScore): number {
  return b.score - a.score || a.achievedAt - b.achievedAt || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
}

const nodeKey = (id: string) => `node:${id}`;

/** How many of `length` items in order come before the first for which `isBefore(index)` is false. */
function countBelow(length: number, isBefore: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (isBefore(mid)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** How many children of an inner node hold only rows that sort strictly before `row`. */
const childrenBefore = (children: readonly ChildRef[], row: RankedScore) => countBelow(children.length, (i) => compareRanked(children[i]!.last, row) < 0);

/** How many rows of a leaf sort strictly before `row` (`compareRanked` on the columns). */
const leafRowsBefore = (leaf: LeafNode, row: RankedScore) =>
  countBelow(leaf.users.length, (i) => {
    const user = leaf.users[i]!;
    return (row.score - leaf.scores[i]! || leaf.at[i]! - row.achievedAt || (user < row.userId ? -1 : user > row.userId ? 1 : 0)) < 0;
  });

/** The child a row belongs under: the first whose last row does not sort before it, else the last child. */
const childFor = (children: readonly ChildRef[], row: RankedScore) => Math.min(childrenBefore(children, row), children.length - 1);

/** A leaf's rows `from` to `to` (exclusive) as row objects. */
function leafRows(leaf: LeafNode, from = 0, to = leaf.users.length): RankedScore[] {
  const rows: RankedScore[] = [];
  for (let i = Math.max(0, from); i < Math.min(to, leaf.users.length); i++) rows.push({ userId: leaf.users[i]!, score: leaf.scores[i]!, achievedAt: leaf.at[i]! });
  return rows;
}

/** A leaf as versions before the column layout stored it (a list of row objects): read as a column leaf, rewritten so by the next build that touches it. */
interface StoredRowsLeaf {
  [field: string]: unknown;
  leaf: true;
  rows: RankedScore[];
}

const isRowsLeaf = (node: RankNode | StoredRowsLeaf): node is StoredRowsLeaf => node.leaf && Array.isArray(node.rows);

/**
 * A leaf holding rows in rank order. Nodes never change once created, so each is marked immutable:
 * a store may share it instead of copying it (the embedded store then reads a leaf past the cache
 * without copying its columns).
 */
const leafOf = (rows: readonly RankedScore[]): LeafNode =>
  immutableValue({ leaf: true, users: rows.map((row) => row.userId), scores: rows.map((row) => row.score), at: rows.map((row) => row.achievedAt) });

/** An inner node over `children`, marked immutable as leaves are. */
const innerOf = (children: readonly ChildRef[]): InnerNode => immutableValue({ leaf: false, children: [...children] });

/** `items` cut into the fewest pieces of at most `max`, of even sizes. */
function split<T>(items: readonly T[], max: number): T[][] {
  const pieces = Math.ceil(items.length / max);
  const size = Math.ceil(items.length / Math.max(1, pieces));
  return Array.from({ length: pieces }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/**
 * A board's ranking as an order-statistic B+ tree of store documents (`node:<id>` in the ranking
 * partition): leaves hold up to `LEAF_ROWS` rows, inner nodes up to `FANOUT` children, each with
 * the count of rows under it. No document grows with the board: a million players is three
 * levels, sixteen million still three, and each level more multiplies the capacity by `FANOUT`.
 *
 * Nodes are immutable: a build writes the changed leaves and their ancestors under new ids and
 * returns the new root (copy on write), so a reader that holds a root sees one consistent ranking
 * and any node can be cached by id forever. Reads cost one document per level, fewer when cached;
 * a read of the first rows (a top page) goes from the root straight to its first leaf, remembered
 * per root, so it costs the same at every depth.
 */
export class RankTree {
  /**
   * Nodes by id alone: an id is drawn fresh for every node ever written and names one immutable
   * content, so it needs no partition beside it, and a lookup by the id string its parent holds
   * costs no new key (no concatenation, no hashing, an identical string compared by reference).
   */
  private readonly cache: LRUCache<string, RankNode>;
  /**
   * Leaves read from the store once lately and not cached (their ids only): once the cache
   * is full, a leaf enters it on its second read, so reads spread over more leaves than the cache holds (my-rank
   * of random players on a board of ten million) do not churn it, each replacing a cached leaf
   * with one that is never read again and leaving the old one to the major garbage collector.
   */
  private readonly seenOnce: LRUCache<string, true>;
  /** What reads derive once per inner node object (see `InnerIndex`). */
  private readonly indexes = new WeakMap<InnerNode, InnerIndex>();
  /** Per root node read: its first leaf (the top rows), kept while the root is. */
  private readonly firstLeaves = new WeakMap<RankNode, LeafNode>();

  constructor(
    private readonly store: Store,
    private readonly ids: Ids,
    /** Node sizes (smaller ones make deep trees out of few rows, for tests). */
    readonly shape: TreeShape = { leafRows: LEAF_ROWS, fanout: FANOUT },
    /** Nodes kept in memory; a read past them costs one document read per level. */
    cachedNodes = CACHED_NODES,
  ) {
    this.cache = new LRUCache<string, RankNode>({ max: cachedNodes });
    this.seenOnce = new LRUCache<string, true>({ max: cachedNodes });
  }

  /** How many rows of the tree sort strictly before `row` (its 0-based rank among them). */
  async countBefore(partition: string, tree: TreeRoot, row: RankedScore): Promise<number> {
    return (await this.locate(partition, tree, row)).position;
  }

  /**
   * Where `row` would rank (how many rows sort strictly before it), with the rows around that
   * position: up to `before` rows above it and `after` rows from it on, in rank order. One descent:
   * the rows come from the row's leaf, and what spills over its edge from the leaf beside it under
   * the same parent; a descent by position only when that sibling cannot give them.
   */
  async around(partition: string, tree: TreeRoot, row: RankedScore, before: number, after: number): Promise<{ position: number; rows: RankedScore[] }> {
    const found = await this.locate(partition, tree, row);
    const { position } = found;
    const beside = await this.besideLeaf(partition, found, Math.min(before, position), Math.min(after, tree.count - position));
    if (beside) return { position, rows: beside };
    const start = Math.max(0, position - before);
    return { position, rows: await this.rowsAt(partition, tree, start, position - start + after) };
  }

  /**
   * The `above` rows before a located leaf row and the `below` rows from it on, taking what spills
   * over the leaf's edge from the leaf beside it under the same parent (reached from the parent's
   * index); undefined when that sibling does not exist or holds too few rows.
   */
  private async besideLeaf(partition: string, found: Located, above: number, below: number): Promise<RankedScore[] | undefined> {
    const { leaf, index, parent } = found;
    if (!leaf) return undefined;
    const rows = leafRows(leaf, index - above, index + below);
    const missingAbove = above - index;
    const missingBelow = index + below - leaf.users.length;
    if (missingAbove > 0) {
      const previous = await this.sibling(partition, parent, -1);
      if (!previous || previous.users.length < missingAbove) return undefined;
      rows.unshift(...leafRows(previous, previous.users.length - missingAbove));
    }
    if (missingBelow > 0) {
      const next = await this.sibling(partition, parent, 1);
      if (!next || next.users.length < missingBelow) return undefined;
      rows.push(...leafRows(next, 0, missingBelow));
    }
    return rows;
  }

  /** The leaf `step` slots from a located leaf under the same parent, if there is one. */
  private async sibling(partition: string, parent: Located['parent'], step: number): Promise<LeafNode | undefined> {
    if (!parent) return undefined;
    const slot = parent.slot + step;
    if (slot < 0 || slot >= parent.node.children.length) return undefined;
    const node = await this.child(partition, parent.node, slot, parent.held);
    return node.leaf ? node : undefined;
  }

  /** Up to `count` rows from 0-based position `start`, in rank order. */
  async rowsAt(partition: string, tree: TreeRoot, start: number, count: number): Promise<RankedScore[]> {
    if (!tree.root || count <= 0) return [];
    const root = await this.node(partition, tree.root);
    if (start < this.shape.leafRows) {
      const first = await this.firstLeaf(partition, root);
      if (start + count <= first.users.length) return leafRows(first, start, start + count);
    }
    const rows: RankedScore[] = [];
    const collect = async (node: RankNode, offset: number): Promise<void> => {
      if (node.leaf) {
        rows.push(...leafRows(node, start - offset, start + count - offset));
        return;
      }
      const index = this.indexOf(node);
      const { ends } = index;
      for (let i = countBelow(ends.length, (k) => offset + ends[k]! <= start); i < node.children.length; i++) {
        const from = offset + (i > 0 ? ends[i - 1]! : 0);
        if (rows.length >= count || from >= start + count) return;
        await collect(await this.child(partition, node, i, index), from);
      }
    };
    await collect(root, 0);
    return rows.slice(0, count);
  }

  /**
   * Applies the changes (at most one per player) as new nodes and returns the new root. Only the
   * leaves that hold a removed or inserted row and their ancestors are read and written: read a
   * level at a time (one batched read per level), written together (`put`), so a build's store
   * calls are about one per level plus the writes' batches, whatever the board's size, and its
   * documents about (changed leaves × levels). A leaf that takes
   * a player's new row drops any other row of that player it holds (a change applied twice is
   * harmless there).
   */
  async apply(partition: string, tree: TreeRoot, changes: readonly RowChange[]): Promise<TreeUpdate> {
    const written: string[] = [];
    const replaced: string[] = [];
    const ops = changes.flatMap((change) => [...(change.remove ? [{ row: change.remove, insert: false }] : []), { row: change.insert, insert: true }]);
    ops.sort((a, b) => compareRanked(a.row, b.row));
    const write = new Writer(this, partition, written);
    const touched = tree.root ? await this.touchedNodes(partition, tree.root, ops) : new Map<string, TouchedNode>();
    const rewrite = (id: string, batch: readonly Op[]): ChildRef[] => {
      const { node, groups } = touched.get(id)!;
      replaced.push(id);
      if (node.leaf) return write.leaves(mergeRows(leafRows(node), batch));
      return write.inner(node.children.flatMap((child, index) => (groups.has(index) ? rewrite(child.id, groups.get(index)!) : [write.keep(child, this.reached(node, index))])));
    };
    let level = tree.root ? rewrite(tree.root, ops) : write.leaves(mergeRows([], ops));
    while (level.length > 1) level = write.inner(level);
    let root = level[0];
    while (root) {
      const node = await this.node(partition, root.id);
      if (node.leaf || node.children.length > 1) break;
      replaced.push(root.id);
      root = node.children[0];
    }
    await write.flush();
    return { tree: { root: root?.id ?? null, count: root?.count ?? 0 }, written, replaced };
  }

  /**
   * The nodes a sorted batch of row changes reaches from `root` (each with the changes grouped by
   * the child they fall under), read a level at a time: the uncached nodes of one level in one
   * batched read, so a build costs a few reads per level, not one per node.
   */
  private async touchedNodes(partition: string, root: string, ops: readonly Op[]): Promise<Map<string, TouchedNode>> {
    const touched = new Map<string, TouchedNode>();
    let level: Array<{ id: string; batch: readonly Op[] }> = [{ id: root, batch: ops }];
    while (level.length > 0) {
      const nodes = await this.nodes(partition, level.map((entry) => entry.id));
      const next: typeof level = [];
      for (const [i, { id, batch }] of level.entries()) {
        const node = nodes[i]!;
        const groups = new Map<number, Op[]>();
        if (!node.leaf) {
          for (const op of batch) {
            const index = childFor(node.children, op.row);
            const group = groups.get(index);
            if (group) group.push(op);
            else groups.set(index, [op]);
          }
          for (const [index, group] of groups) next.push({ id: node.children[index]!.id, batch: group });
        }
        touched.set(id, { node, groups });
      }
      level = next;
    }
    return touched;
  }

  /**
   * Builds a tree bottom-up from rows already in rank order (strictly: `compareRanked` ascending),
   * given in chunks, as full leaves and full inner nodes; stores each chunk's leaves before taking
   * the next, so the rows never need to be in memory at once. The nodes are the ones `apply` reads
   * and rewrites. Throws `RangeError` at the first row out of order (the nodes stored before it
   * stay, referenced by no root).
   */
  async load(partition: string, chunks: AsyncIterable<readonly RankedScore[]>): Promise<TreeUpdate> {
    const written: string[] = [];
    const write = new Writer(this, partition, written);
    let level: ChildRef[] = [];
    let leaf: RankedScore[] = [];
    let previous: RankedScore | undefined;
    for await (const rows of chunks) {
      for (const row of rows) {
        if (previous && compareRanked(previous, row) >= 0) throw new RangeError(`rows out of rank order at ${row.userId}`);
        previous = row;
        leaf.push(row);
        if (leaf.length < this.shape.leafRows) continue;
        level.push(...write.leaves(leaf));
        leaf = [];
      }
      await write.flush();
    }
    level.push(...write.leaves(leaf));
    while (level.length > 1) level = write.inner(level);
    await write.flush();
    return { tree: { root: level[0]?.id ?? null, count: level[0]?.count ?? 0 }, written, replaced: [] };
  }

  /** Deletes nodes (of builds no reader can hold any more, or of a build that lost the race), as many per transaction as the store takes (`writesPerTransaction`). */
  async delete(partition: string, ids: readonly string[]): Promise<void> {
    const size = writesPerTransaction(this.store.capabilities.maxTransactionItems);
    const batches = Array.from({ length: Math.ceil(ids.length / size) }, (_, i) => ids.slice(i * size, (i + 1) * size));
    await inBatches(batches, (batch) =>
      transact(this.store, async (tx) => {
        for (const id of batch) tx.delete(partition, nodeKey(id));
      }),
    );
  }

  /**
   * Stores new nodes: with the store's `putMany` when it has one (new keys that nothing else
   * writes: its precondition), else as many per transaction as the store's batch limits take, each
   * put conditioned on the node's absence without reading it.
   */
  async put(partition: string, nodes: ReadonlyArray<{ id: string; node: RankNode }>): Promise<void> {
    const documents: NewDoc[] = nodes.map(({ id, node }) => ({ partition, key: nodeKey(id), value: node }));
    if (this.store.putMany) return this.store.putMany(documents);
    await inBatches(transactionBatches(documents, this.store.capabilities), (batch) =>
      transact(this.store, async (tx) => {
        for (const { key, value } of batch) tx.put(partition, key, value, { assumeAbsent: true });
      }),
    );
  }

  /** Gives a new inner node's index the children it reaches at once: `reach[i]` for child `i` (none: read when first needed). */
  adopt(parent: InnerNode, reach: Array<Reach | undefined>): void {
    this.indexOf(parent).reach = reach;
  }

  /** How the index of `parent` reaches its child `index`, if it does: for a new parent of that child. */
  reached(parent: InnerNode, index: number): Reach | undefined {
    return this.indexes.get(parent)?.reach[index];
  }

  /** Caches a node being written, so the build that writes it reads it back without the store. */
  remember(id: string, node: RankNode): void {
    this.cache.set(id, node);
  }

  /** A fresh node id. */
  newId(): string {
    return this.ids.next();
  }

  /** The leaf `row` falls in (none in an empty tree), its index there and parent, and how many rows of the tree sort before it. */
  private async locate(partition: string, tree: TreeRoot, row: RankedScore): Promise<Located> {
    if (!tree.root) return { position: 0, index: 0 };
    let before = 0;
    let node = await this.node(partition, tree.root);
    let parent: Located['parent'];
    for (;;) {
      if (node.leaf) {
        const index = leafRowsBefore(node, row);
        return { position: before + index, leaf: node, index, parent };
      }
      const { children } = node;
      const held = this.indexOf(node);
      const { ends, lastScores } = held;
      const index = countBelow(lastScores.length, (i) => lastScores[i]! > row.score || (lastScores[i] === row.score && compareRanked(children[i]!.last, row) < 0));
      if (index > 0) before += ends[index - 1]!;
      if (index === children.length) return { position: before, index: 0 };
      parent = { node, held, slot: index };
      node = await this.child(partition, node, index, held);
    }
  }

  /**
   * Child `index` of an inner node: the one its index (`held`) holds (an inner node), or still
   * reaches (a leaf), else from the cache or the store, then held or reached from the index.
   */
  private async child(partition: string, parent: InnerNode, index: number, held = this.indexOf(parent)): Promise<RankNode> {
    const reach = held.reach[index];
    const known = reach instanceof WeakRef ? reach.deref() : reach;
    if (known) return known;
    const child = await this.node(partition, parent.children[index]!.id);
    held.reach[index] = child.leaf ? new WeakRef(child) : child;
    return child;
  }

  /** The first leaf under a root, read once per root object. */
  private async firstLeaf(partition: string, root: RankNode): Promise<LeafNode> {
    let leaf = this.firstLeaves.get(root);
    if (!leaf) {
      let node = root;
      while (!node.leaf) node = await this.child(partition, node, 0);
      leaf = node;
      this.firstLeaves.set(root, leaf);
    }
    return leaf;
  }

  /** The index of an inner node, made once per node object. */
  private indexOf(node: InnerNode): InnerIndex {
    let index = this.indexes.get(node);
    if (!index) {
      const ends = new Float64Array(node.children.length);
      let total = 0;
      for (const [i, child] of node.children.entries()) ends[i] = total += child.count;
      index = { ends, lastScores: Float64Array.from(node.children, (child) => child.last.score), reach: [] };
      this.indexes.set(node, index);
    }
    return index;
  }

  /**
   * A node, from the cache or the store. A node missing from the store (a reader far behind) reads
   * as an empty leaf. Inner nodes read from the store are cached at once, leaves as `admit` says.
   */
  private async node(partition: string, id: string): Promise<RankNode> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    return this.admit(id, (await this.store.get<RankNode | StoredRowsLeaf>(partition, nodeKey(id)))?.value);
  }

  /** Several nodes, in the order asked, as `node` reads one: the uncached ones in one batched read. */
  private async nodes(partition: string, ids: readonly string[]): Promise<RankNode[]> {
    const found = ids.map((id) => this.cache.get(id));
    const missing: DocAddress[] = [];
    for (const [i, node] of found.entries()) if (!node) missing.push({ partition, key: nodeKey(ids[i]!) });
    const stored = await getMany<RankNode | StoredRowsLeaf>(this.store, missing);
    let next = 0;
    return found.map((node, i) => node ?? this.admit(ids[i]!, stored[next++]?.value));
  }

  /** A node read from the store (absent: an empty leaf), cached if it is an inner node, or a leaf while the cache has room or read before. */
  private admit(id: string, stored: RankNode | StoredRowsLeaf | undefined): RankNode {
    const node = !stored ? leafOf([]) : isRowsLeaf(stored) ? leafOf(stored.rows) : stored;
    if (!node.leaf || this.cache.size < this.cache.max || this.seenOnce.delete(id)) this.cache.set(id, node);
    else this.seenOnce.set(id, true);
    return node;
  }
}

/**
 * What reads derive from an inner node: `ends[i]`, the rows under its children 0..i (a read finds
 * a child by position in O(log fanout)); `lastScores`, its children's last scores packed (a
 * search by row compares those first); `reach`, the children read or made so far: inner nodes
 * held by the parent (about 1/256 of a tree's nodes), leaves held weakly. While a leaf is in memory
 * anyway (in the node cache, or in an embedded store that hands out the very object) a descent
 * reaches it from its parent, without a lookup by id; once nothing else holds it, it is collected
 * and read again. A descent thus looks up only its root by id, and on the embedded store every
 * leaf of a board of any size stays one step from its parent at the cost of a weak reference.
 */
interface InnerIndex {
  ends: Float64Array;
  lastScores: Float64Array;
  reach: Array<Reach | undefined>;
}

/**
 * Where a row falls: how many rows of the tree sort before it, and (unless the tree is empty or the
 * row sorts after its last row) its leaf, its index there, and the leaf's parent with the leaf's
 * slot among the parent's children (none when the root is the leaf).
 */
interface Located {
  position: number;
  leaf?: LeafNode;
  index: number;
  parent?: { node: InnerNode; held: InnerIndex; slot: number };
}

/** How an inner node's index reaches a child: an inner node held, a leaf weakly. */
type Reach = InnerNode | WeakRef<LeafNode>;

/** A row to remove or insert during a build. */
interface Op {
  row: RankedScore;
  insert: boolean;
}

/** A node a build rewrites, with its changes grouped by the index of the child they fall under (none for a leaf). */
interface TouchedNode {
  node: RankNode;
  groups: Map<number, Op[]>;
}

/** A leaf's rows with the batch's removals and insertions applied, in rank order. */
function mergeRows(rows: readonly RankedScore[], batch: readonly Op[]): RankedScore[] {
  const removed = new Set(batch.filter((op) => !op.insert).map((op) => rowId(op.row)));
  const moved = new Set(batch.filter((op) => op.insert).map((op) => op.row.userId));
  const kept = rows.filter((row) => !removed.has(rowId(row)) && !moved.has(row.userId));
  const inserted = batch.filter((op) => op.insert).map((op) => op.row);
  const merged: RankedScore[] = [];
  let i = 0;
  for (const row of inserted) {
    while (i < kept.length && compareRanked(kept[i]!, row) < 0) merged.push(kept[i++]!);
    merged.push(row);
  }
  return merged.concat(kept.slice(i));
}

const rowId = (row: RankedScore) => `${row.userId}\u0000${row.score}\u0000${row.achievedAt}`;

/**
 * Creates a build's nodes: caches each at once (so the build reads them back), stores them all on
 * `flush`. A new inner node's index reaches its children at once: the nodes this build made, and
 * the unchanged children its old parent reached (`keep`), so reads of a new tree in this process
 * go from parent to child without a lookup by id, as they did on the old tree.
 */
class Writer {
  private readonly nodes: Array<{ id: string; node: RankNode }> = [];
  /** How the children of inner nodes still to come are reached, by id. */
  private readonly reach = new Map<string, Reach>();

  constructor(
    private readonly tree: RankTree,
    private readonly partition: string,
    private readonly written: string[],
  ) {}

  /** Writes rows as leaves; returns their references (none for no rows). */
  leaves(rows: readonly RankedScore[]): ChildRef[] {
    return split(rows, this.tree.shape.leafRows).map((piece) => this.create(leafOf(piece), piece.length, piece.at(-1)!));
  }

  /** Writes children as inner nodes; returns their references (none for no children). */
  inner(children: readonly ChildRef[]): ChildRef[] {
    return split(children, this.tree.shape.fanout).map((piece) => {
      const node = innerOf(piece);
      this.tree.adopt(node, piece.map((child) => this.take(child.id)));
      return this.create(node, piece.reduce((sum, child) => sum + child.count, 0), piece.at(-1)!.last);
    });
  }

  /** An unchanged child that a new inner node will hold, with how its old parent reached it (if it did). */
  keep(child: ChildRef, reach: Reach | undefined): ChildRef {
    if (reach) this.reach.set(child.id, reach);
    return child;
  }

  /** Stores every node created since the last flush. */
  async flush(): Promise<void> {
    const nodes = this.nodes.splice(0);
    if (nodes.length > 0) await this.tree.put(this.partition, nodes);
  }

  private create(node: RankNode, count: number, last: RankedScore): ChildRef {
    const id = this.tree.newId();
    this.written.push(id);
    this.tree.remember(id, node);
    this.nodes.push({ id, node });
    this.reach.set(id, node.leaf ? new WeakRef(node) : node);
    return { id, count, last };
  }

  /** How a child is reached, once: its new parent's index holds it from then on. */
  private take(id: string): Reach | undefined {
    const reach = this.reach.get(id);
    this.reach.delete(id);
    return reach;
  }
}

/**
 * Documents cut into batches that one transaction takes (`assertBatchFits`): at most
 * `writesPerTransaction` each (room left for an admin request's audit entry), and their values' JSON within `maxTransactionBytes` if the store limits it.
 */
function transactionBatches(documents: readonly NewDoc[], capabilities: Store['capabilities']): NewDoc[][] {
  const maxBytes = capabilities.maxTransactionBytes ?? Infinity;
  const batches: NewDoc[][] = [];
  let batch: NewDoc[] = [];
  let bytes = 0;
  for (const doc of documents) {
    const size = jsonBytes(doc.value);
    if (batch.length > 0 && (batch.length === writesPerTransaction(capabilities.maxTransactionItems) || bytes + size > maxBytes)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(doc);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Runs `work` on every item, `WRITE_CONCURRENCY` at a time. */
async function inBatches<T>(items: readonly T[], work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += WRITE_CONCURRENCY) await Promise.all(items.slice(i, i + WRITE_CONCURRENCY).map(work));
}
