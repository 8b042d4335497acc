import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { Queue } from '../../ports/queue';
import type { Store } from '../../ports/store';
import type { Notifier } from '../../push/notifier';
import { immutableValue } from '../../store/immutable-values';
import { transact, type Transaction } from '../../store/transact';
import { userPartition } from '../user-partition';
import { AlreadyGathering, AlreadyMatched, ConditionsNotMet, GatheringNotFound, GatheringUnavailable, NoGathering, NotAMember } from './matchmaking-errors';
import {
  DEFAULT_GATHERING_TTL_SECONDS,
  type Candidate,
  type CloseReason,
  type Gathering,
  type GatheringRules,
  type GatheringSpec,
} from './matchmaking-types';
import { assertValidSpec, unmetReason } from './rules';

/** Queue of gathering timeouts: a job per gathering, due at its deadline. */
export const MATCHMAKING_EXPIRE_QUEUE = 'kumo-matchmaking-expire';

/** A queued timeout check. */
export interface ExpireJob {
  gatheringId: string;
}

/** Queue of `matched` announcements: a job per filled gathering, retried until every member was pushed. */
export const MATCHMAKING_MATCHED_QUEUE = 'kumo-matchmaking-matched';

/** A queued `matched` announcement. */
export interface MatchedJob {
  gatheringId: string;
}

/** The partition of one gathering (its only document is `gathering`). */
export const gatheringPartition = (gatheringId: string) => `gathering:${gatheringId}`;
/** The partition listing the open gatherings of a mode, oldest first. */
export const poolPartition = (mode: string) => `matchmaking:pool:${mode}`;
const GATHERING = 'gathering';
const OPEN = 'open:';
const poolKey = (gathering: Gathering) => `${OPEN}${String(gathering.createdAt).padStart(15, '0')}:${gathering.id}`;
const CURRENT = 'matchmaking:current';
/** Fitting open gatherings a join chooses among at random, so concurrent joiners spread over them. */
const SPREAD = 8;
/**
 * Pool entries read in the first page (the `SPREAD` a join chooses among when all fit, and as many
 * to fall back on), in each later page (past unfit ones), and at most per look, looking for
 * gatherings that fit. A first page no larger than needed keeps a join's reads, copies and garbage
 * (and so the young-generation collections that interrupt joins) flat however many gatherings are open.
 */
const FIRST_POOL_PAGE = 2 * SPREAD;
const POOL_PAGE = 100;
const POOL_SCAN = 1000;
/** Looks a player who created a gathering takes at the others that fit, to pair up with them (`regroup`). */
const SETTLE_ROUNDS = 6;
/** First wait (ms, jittered, doubling each look) of a player who waits for younger gatherings to move into theirs. */
const SETTLE_WAIT_MS = 40;

/** The entries in random order (Fisher-Yates). */
function spread<T>(entries: readonly T[]): T[] {
  const shuffled = [...entries];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return shuffled;
}

/** An entry of the pool: enough of a gathering to rule it out without reading it. */
interface PoolEntry extends GatheringRules {
  gatheringId: string;
  deadline: number;
}

/** A pool entry with its key. */
interface PoolSlot {
  key: string;
  entry: PoolEntry;
}

/** The player's pointer to the gathering they joined last. */
interface CurrentDoc {
  [field: string]: unknown;
  gatheringId: string;
}

/** How a join attempt on one gathering went. */
type Admission =
  | { kind: 'joined' | 'filled' | 'member'; gathering: Gathering }
  | { kind: 'unavailable' | 'timed_out'; gathering: Gathering }
  | { kind: 'unfit'; gathering: Gathering; reason: string };

/**
 * Matchmaking: players create or join gatherings with simple rules (a mode, a capacity, attribute
 * ranges such as a level band, seats per role); when a gathering fills, every member gets a
 * `matched` push through the Notifier (live, else mobile push through the queue).
 *
 * Storage, one partition per transaction so that it works on every adapter (Cosmos DB included):
 * - A gathering is a document in its own partition. Joining, leaving and closing are transactions
 *   on that one document, so concurrent joins serialise on it and it never exceeds its capacity:
 *   exactly one join fills it, and that join queues a job that pushes `matched` to every member
 *   (retried until each push went out; a redelivered job pushes again, clients drop repeats).
 * - Open gatherings are listed in a pool partition per mode (`open:<createdAt>:<id>`, oldest
 *   first, so the oldest fill first). The entry is written after the gathering and deleted after it
 *   fills or closes; both are idempotent follow-ups, and a join that finds a stale entry deletes
 *   it. A join reads the pool a page at a time past gatherings the player does not fit, and
 *   tries the oldest few that fit in random order, so concurrent joiners spread over them.
 *   A very popular mode can be split by putting a band in its name (`ranked:lv10-19`).
 * - Players who press quick match at the same moment all find the pool empty and all create; each
 *   then looks again and, when an older fitting gathering exists, moves into it (closing their own
 *   first, only while still alone in it), pairing up in pool order (see `regroup`).
 * - The player's `matchmaking:current` pointer (in their own partition) is written before each
 *   join or create is tried, so a join whose answer was lost is found by the retry; the gathering's
 *   member list is the truth, and the pointer is checked against it whenever it is read. A join
 *   carries no idempotency key: pressing quick match again while the current gathering of the mode
 *   is matched (and not past its deadline) returns it, and queues its `matched` pushes again in
 *   case the first announcement was lost.
 *
 * Timeouts come from the Clock: a gathering still open at its deadline is closed, with a
 * `gathering.closed` push to its members, by whichever comes first — a queued job due at the
 * deadline, or any read or join that finds it past due.
 *
 * Joining checks the gathering's rules only (not the joiner's own ranges, which apply to the
 * gathering they create when none fits). Two devices of one player joining at the same instant may
 * both succeed; the pointer then names the later one.
 */
export class MatchmakingService {
  constructor(
    private readonly store: Store,
    private readonly queue: Queue,
    private readonly ids: Ids,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
  ) {}

  /**
   * Quick match: joins an open gathering of the mode that fits the player, or creates one from
   * `spec`. Joiners try the oldest `SPREAD` gatherings that fit in random order (then the next
   * ones), so a crowd does not queue on one document. A player who had to create one then looks
   * again (`regroup`): players who all pressed at the same moment all created, and now pair up.
   * Pressing again while waiting alone in an open gathering of the same mode regroups too,
   * instead of being refused.
   */
  async join(userId: string, spec: GatheringSpec): Promise<{ gathering: Gathering; created: boolean }> {
    assertValidSpec(spec);
    const current = await this.joined(userId);
    if (current?.status === 'matched' && current.mode === spec.mode && this.clock.now() < current.deadline) {
      await this.announceMatched(current.id);
      return { gathering: current, created: false };
    }
    const waiting = current?.status === 'open' ? current : undefined;
    if (waiting) {
      if (waiting.mode !== spec.mode || waiting.members.length > 1) throw new AlreadyGathering(waiting.id);
      await this.list(waiting);
      return { gathering: (await this.regroup(userId, spec, waiting)).gathering, created: false };
    }
    const fitting = await this.fitting(spec, (found) => found.length >= FIRST_POOL_PAGE);
    const joined = await this.joinAny(userId, spec, [...spread(fitting.slice(0, SPREAD)), ...fitting.slice(SPREAD)]);
    if (joined) return { gathering: joined, created: false };
    const outcome = await this.regroup(userId, spec, await this.open(userId, spec));
    return { gathering: outcome.gathering, created: !outcome.moved };
  }

  /** Creates a gathering with the player as its first member. */
  async create(userId: string, spec: GatheringSpec): Promise<Gathering> {
    assertValidSpec(spec);
    await this.assertFree(userId);
    return this.open(userId, spec);
  }

  /** Joins one gathering by id (an invitation); refuses with a reason if it is full, closed or the player does not fit. */
  async joinById(userId: string, gatheringId: string, candidate: Candidate): Promise<Gathering> {
    await this.assertFree(userId, gatheringId);
    // Refusals known before the attempt write nothing, not even the player's pointer.
    const seen = await this.get(gatheringId);
    if (!seen.members.some((member) => member.userId === userId)) {
      if (seen.status !== 'open') throw new GatheringUnavailable(gatheringId, seen.status);
      const reason = unmetReason(seen, seen.members, candidate);
      if (reason) throw new ConditionsNotMet(gatheringId, reason);
    }
    const admission = await this.admit(userId, gatheringId, candidate);
    if (admission.kind === 'unfit') throw new ConditionsNotMet(gatheringId, admission.reason);
    if (admission.kind === 'unavailable' || admission.kind === 'timed_out') throw new GatheringUnavailable(gatheringId, admission.gathering.status);
    return admission.gathering;
  }

  /** Leaves an open gathering; the last member leaving closes it. A matched gathering cannot be left. */
  async leave(userId: string, gatheringId: string): Promise<Gathering> {
    const gathering = await transact(this.store, async (tx) => {
      const current = await this.read(tx, gatheringId);
      if (!current.members.some((member) => member.userId === userId)) throw new NotAMember(gatheringId);
      if (current.status === 'matched') throw new AlreadyMatched(gatheringId);
      if (current.status === 'closed') return current;
      const members = current.members.filter((member) => member.userId !== userId);
      const next: Gathering = members.length === 0 ? { ...current, members, status: 'closed', closedReason: 'empty' } : { ...current, members };
      tx.put(gatheringPartition(gatheringId), GATHERING, next);
      return next;
    });
    if (gathering.status === 'closed') await this.unlist(gathering.mode, poolKey(gathering));
    await transact(this.store, async (tx) => {
      const pointer = await tx.get<CurrentDoc>(userPartition(userId), CURRENT);
      if (pointer?.value.gatheringId === gatheringId) tx.delete(userPartition(userId), CURRENT);
    });
    return gathering;
  }

  /** A gathering by id (closing it first if it is past its deadline). */
  async get(gatheringId: string): Promise<Gathering> {
    const doc = await this.store.get<Gathering>(gatheringPartition(gatheringId), GATHERING);
    if (!doc) throw new GatheringNotFound(gatheringId);
    if (doc.value.status === 'open' && this.clock.now() >= doc.value.deadline) return this.close(gatheringId, 'timeout');
    return doc.value;
  }

  /** The gathering the player is in (open, matched, or closed since they joined). */
  async current(userId: string): Promise<Gathering> {
    const pointer = await this.store.get<CurrentDoc>(userPartition(userId), CURRENT);
    if (!pointer) throw new NoGathering();
    const gathering = await this.get(pointer.value.gatheringId);
    if (!gathering.members.some((member) => member.userId === userId)) throw new NoGathering();
    return gathering;
  }

  /**
   * Closes an open gathering (`timeout` only once its deadline passed) and tells its members with a
   * `gathering.closed` push. A gathering that is already matched or closed is returned unchanged.
   */
  async close(gatheringId: string, reason: CloseReason): Promise<Gathering> {
    const outcome = await transact(this.store, async (tx) => {
      const current = await this.read(tx, gatheringId);
      if (current.status !== 'open' || (reason === 'timeout' && this.clock.now() < current.deadline)) return { gathering: current, closed: false };
      const next: Gathering = { ...current, status: 'closed', closedReason: reason };
      tx.put(gatheringPartition(gatheringId), GATHERING, next);
      return { gathering: next, closed: true };
    });
    if (outcome.closed) await this.announceClosed(outcome.gathering);
    return outcome.gathering;
  }

  /** The timeout job: closes the gathering if it is still open at its deadline, else checks again then. */
  async runTimeout(job: ExpireJob): Promise<void> {
    const doc = await this.store.get<Gathering>(gatheringPartition(job.gatheringId), GATHERING);
    if (!doc || doc.value.status !== 'open') return;
    const early = doc.value.deadline - this.clock.now();
    if (early > 0) return this.scheduleTimeout(job.gatheringId, Math.ceil(early / 1000));
    await this.close(job.gatheringId, 'timeout');
  }

  /** The matched job: pushes `matched` to every member of the gathering (the job is retried if a push fails). */
  async runMatched(job: MatchedJob): Promise<void> {
    const doc = await this.store.get<Gathering>(gatheringPartition(job.gatheringId), GATHERING);
    if (doc?.value.status !== 'matched') return;
    const { id: gatheringId, mode, members } = doc.value;
    const event = { type: 'matched', data: { gatheringId, mode, members: members.map((m) => m.userId) } };
    await this.notifier.notifyAll(members.map((member) => member.userId), event);
  }

  /** One join attempt on one gathering (the player's pointer first), as a single-partition transaction, then its follow-ups. */
  private async admit(userId: string, gatheringId: string, candidate: Candidate): Promise<Admission> {
    await this.point(userId, gatheringId);
    const admission = await transact(this.store, async (tx): Promise<Admission> => {
      const current = await this.read(tx, gatheringId);
      const now = this.clock.now();
      if (current.members.some((member) => member.userId === userId)) return { kind: 'member', gathering: current };
      if (current.status === 'open' && now >= current.deadline) return { kind: 'timed_out', gathering: current };
      if (current.status !== 'open') return { kind: 'unavailable', gathering: current };
      const reason = unmetReason(current, current.members, candidate);
      if (reason) return { kind: 'unfit', gathering: current, reason };
      const members = [...current.members, { userId, attributes: candidate.attributes, role: candidate.role ?? null, joinedAt: now }];
      const filled = members.length === current.capacity;
      const next: Gathering = { ...current, members, ...(filled ? { status: 'matched', matchedAt: now } : {}) };
      tx.put(gatheringPartition(gatheringId), GATHERING, next);
      return { kind: filled ? 'filled' : 'joined', gathering: next };
    });
    const { kind, gathering } = admission;
    if (kind === 'timed_out') return { kind, gathering: await this.close(gatheringId, 'timeout') };
    if (kind === 'unavailable') await this.unlist(gathering.mode, poolKey(gathering));
    if (kind === 'filled' || (kind === 'member' && gathering.status === 'matched')) {
      await this.unlist(gathering.mode, poolKey(gathering));
      await this.announceMatched(gatheringId);
    }
    return admission;
  }

  /** Writes a new gathering with the player as first member, lists it in the pool, points the player at it. */
  private async open(userId: string, spec: GatheringSpec): Promise<Gathering> {
    const rules = assertValidSpec(spec);
    const now = this.clock.now();
    const ttl = spec.ttlSeconds ?? DEFAULT_GATHERING_TTL_SECONDS;
    const gathering: Gathering = {
      ...rules,
      id: this.ids.next(),
      status: 'open',
      members: [{ userId, attributes: spec.attributes, role: spec.role ?? null, joinedAt: now }],
      createdAt: now,
      deadline: now + ttl * 1000,
      matchedAt: null,
      closedReason: null,
    };
    await this.point(userId, gathering.id);
    await transact(this.store, async (tx) => tx.put(gatheringPartition(gathering.id), GATHERING, gathering));
    await this.list(gathering);
    await this.scheduleTimeout(gathering.id, ttl);
    return gathering;
  }

  /**
   * Lists an open gathering in its mode's pool (idempotent). The entry is its own copy, never
   * changed once written (unlisting deletes it), so every join's scan of the pool reads it without
   * a copy on the embedded store.
   */
  private async list(gathering: Gathering): Promise<void> {
    const { id: gatheringId, deadline, mode, capacity, conditions, roles } = gathering;
    const entry: PoolEntry = immutableValue(structuredClone({ mode, capacity, conditions, roles, gatheringId, deadline }));
    await transact(this.store, async (tx) => tx.put(poolPartition(mode), poolKey(gathering), entry));
  }

  /**
   * Pool entries of the spec's mode that the player fits, oldest first, skipping past-due ones;
   * reads a page at a time (following the cursor) until `enough(found)` holds or `POOL_SCAN`
   * entries were read.
   */
  private async fitting(spec: GatheringSpec, enough: (found: readonly PoolSlot[]) => boolean): Promise<PoolSlot[]> {
    const found: PoolSlot[] = [];
    const now = this.clock.now();
    let [cursor, scanned] = [undefined as string | undefined, 0];
    do {
      const page = await this.store.query<PoolEntry>(poolPartition(spec.mode), { prefix: OPEN, limit: cursor === undefined ? FIRST_POOL_PAGE : POOL_PAGE, cursor });
      for (const { key, value: entry } of page.items) {
        if (entry.capacity !== spec.capacity || entry.deadline <= now || unmetReason(entry, [], spec) !== null) continue;
        found.push({ key, entry });
        if (enough(found)) return found;
      }
      scanned += page.items.length;
      cursor = page.cursor;
    } while (cursor && scanned < POOL_SCAN);
    return found;
  }

  /** Tries the candidates in order; the first admission wins. Stale entries are dropped on the way. */
  private async joinAny(userId: string, candidate: Candidate, entries: readonly PoolSlot[]): Promise<Gathering | undefined> {
    for (const { key, entry } of entries) {
      const admission = await this.admit(userId, entry.gatheringId, candidate).catch(async (error: unknown) => {
        if (!(error instanceof GatheringNotFound)) throw error;
        await this.unlist(entry.mode, key);
        return undefined;
      });
      if (admission && ['joined', 'filled', 'member'].includes(admission.kind)) return admission.gathering;
    }
    return undefined;
  }

  /**
   * Pairs up a player who waits alone in `mine` with the other players who created at the same
   * moment, `SETTLE_ROUNDS` looks at most. Each look reads the fitting gatherings around `mine` in
   * pool order, cut into groups of `capacity`: the first of each group stays, the others move
   * into it. To move, the player first closes `mine` (only if still alone in it), so they are
   * never in two gatherings; if the older gathering filled or closed meanwhile, they try the other
   * older ones, then open a new one and look again.
   *
   * The first of a group does not return at once while younger gatherings are waiting: it waits
   * for them to move in, and if the next one is still there one look later (its owner looked
   * before `mine` was listed, saw nothing older, and left), it moves into that one instead. Without
   * this, a gathering listed late (its pool key is its creation time, and listing waits behind the
   * other writers of the pool) stayed alone beside another lone one that would never come.
   */
  private async regroup(userId: string, spec: GatheringSpec, mine: Gathering): Promise<{ gathering: Gathering; moved: boolean }> {
    let gathering = mine;
    let awaited: string | undefined;
    for (let round = 0; round < SETTLE_ROUNDS; round++) {
      const view = await this.fitting(spec, (found) => {
        const at = found.findIndex((slot) => slot.entry.gatheringId === gathering.id);
        return at >= 0 && found.length - at > SPREAD;
      });
      const at = view.findIndex((slot) => slot.entry.gatheringId === gathering.id);
      // Not listed any more: it filled or closed meanwhile.
      if (at < 0) return { gathering: await this.get(gathering.id), moved: false };
      const [older, younger] = [view.slice(0, at), view.slice(at + 1)];
      const position = older.length % spec.capacity;
      let candidates: PoolSlot[];
      if (position !== 0) {
        const anchor = older[older.length - position]!;
        candidates = [anchor, ...spread(older.filter((slot) => slot !== anchor)).slice(0, SPREAD)];
      } else if (younger.length === 0) {
        candidates = older.slice(-SPREAD).reverse();
      } else if (younger[0]!.key !== awaited) {
        awaited = younger[0]!.key;
        await sleep(Math.random() * SETTLE_WAIT_MS * 2 ** round);
        const now = await this.get(gathering.id);
        if (now.status !== 'open' || now.members.length > 1) return { gathering: now, moved: false };
        continue;
      } else {
        candidates = younger.slice(0, SPREAD);
      }
      const targets = await this.stillOpen(candidates);
      if (targets.length === 0) {
        if (younger.length === 0) break;
        continue;
      }
      if (!(await this.withdraw(userId, gathering))) return { gathering: await this.get(gathering.id), moved: false };
      const joined = await this.joinAny(userId, spec, targets);
      if (joined) return { gathering: joined, moved: true };
      gathering = await this.open(userId, spec);
      await sleep(Math.random() * SETTLE_WAIT_MS * 2 ** round);
    }
    return { gathering, moved: false };
  }

  /**
   * The entries whose gathering is still open and not past due, read in parallel; entries of
   * gatherings that filled or closed (their unlisting still to come) are dropped from the pool.
   */
  private async stillOpen(slots: readonly PoolSlot[]): Promise<PoolSlot[]> {
    const now = this.clock.now();
    const docs = await Promise.all(slots.map((slot) => this.store.get<Gathering>(gatheringPartition(slot.entry.gatheringId), GATHERING)));
    const open: PoolSlot[] = [];
    for (const [i, slot] of slots.entries()) {
      const gathering = docs[i]?.value;
      if (gathering?.status === 'open' && now < gathering.deadline) open.push(slot);
      else if (gathering?.status !== 'open') await this.unlist(slot.entry.mode, slot.key);
    }
    return open;
  }

  /** Closes the player's own gathering if it is still open with them alone in it; false if someone joined. */
  private async withdraw(userId: string, gathering: Gathering): Promise<boolean> {
    const withdrawn = await transact(this.store, async (tx) => {
      const current = await this.read(tx, gathering.id);
      if (current.status !== 'open' || current.members.length !== 1 || current.members[0]!.userId !== userId) return false;
      tx.put<Gathering>(gatheringPartition(gathering.id), GATHERING, { ...current, members: [], status: 'closed', closedReason: 'empty' });
      return true;
    });
    if (withdrawn) await this.unlist(gathering.mode, poolKey(gathering));
    return withdrawn;
  }

  /** The gathering the player is in, if any. */
  private joined(userId: string): Promise<Gathering | undefined> {
    return this.current(userId).catch((error: unknown) => {
      if (error instanceof NoGathering || error instanceof GatheringNotFound) return undefined;
      throw error;
    });
  }

  /** The open gathering the player waits in, if any. */
  private async waiting(userId: string): Promise<Gathering | undefined> {
    const gathering = await this.joined(userId);
    return gathering?.status === 'open' ? gathering : undefined;
  }

  /** Queues the `matched` pushes of a filled gathering. */
  private async announceMatched(gatheringId: string): Promise<void> {
    await this.queue.send(MATCHMAKING_MATCHED_QUEUE, { gatheringId } satisfies MatchedJob);
  }

  /** Refuses a player who still waits in an open gathering (other than `except`). */
  private async assertFree(userId: string, except?: string): Promise<void> {
    const gathering = await this.waiting(userId);
    if (gathering && gathering.id !== except) throw new AlreadyGathering(gathering.id);
  }

  private async read(tx: Transaction, gatheringId: string): Promise<Gathering> {
    const doc = await tx.get<Gathering>(gatheringPartition(gatheringId), GATHERING);
    if (!doc) throw new GatheringNotFound(gatheringId);
    return doc.value;
  }

  private async point(userId: string, gatheringId: string): Promise<void> {
    await transact(this.store, async (tx) => tx.put<CurrentDoc>(userPartition(userId), CURRENT, { gatheringId }));
  }

  /** Removes an entry from a mode's pool (idempotent). */
  private async unlist(mode: string, key: string): Promise<void> {
    await transact(this.store, async (tx) => tx.delete(poolPartition(mode), key));
  }

  private async announceClosed(gathering: Gathering): Promise<void> {
    await this.unlist(gathering.mode, poolKey(gathering));
    const event = { type: 'gathering.closed', data: { gatheringId: gathering.id, reason: gathering.closedReason } };
    await this.notifier.notifyAll(gathering.members.map((member) => member.userId), event);
  }

  /**
   * Queues the timeout check, at most the queue's longest delay ahead (it re-queues itself if early).
   * A queue without delays gets no job: reads and joins still close the gathering once it is due.
   */
  private async scheduleTimeout(gatheringId: string, seconds: number): Promise<void> {
    if (this.queue.capabilities.maxDelaySeconds === 0) return;
    const job: ExpireJob = { gatheringId };
    await this.queue.send(MATCHMAKING_EXPIRE_QUEUE, job, { delaySeconds: Math.min(seconds, this.queue.capabilities.maxDelaySeconds) });
  }
}
