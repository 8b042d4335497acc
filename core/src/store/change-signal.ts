import type { Clock } from '../ports/clock';
import type { Store } from '../ports/store';
import { transact } from './transact';

/** Partition of every change signal's revision document (key: the signal's name). */
const REVISIONS = 'kumo:revisions';

/** The revision document of one signal. */
interface RevisionDoc {
  [field: string]: unknown;
  revision: number;
}

/**
 * Tells every instance that something it caches changed: a writer calls `bump` after its change
 * committed, and each instance reads the revision document at most once per `checkEveryMs` (Clock
 * time; concurrent readers share one read) and drops its cached entries when it moved. So a change
 * made on one instance is seen everywhere within about `checkEveryMs`, for one small read per
 * instance per interval, however many players are cached.
 */
export class ChangeSignal {
  private latest: Promise<number> | undefined;
  /** The value `latest` resolved to, once it has. */
  private settled: { read: Promise<number>; revision: number } | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly name: string,
    private readonly checkEveryMs = 1000,
  ) {}

  /** The revision as last read; read again when the last read is `checkEveryMs` old. */
  revision(): Promise<number> {
    const now = this.clock.now();
    if (this.latest && now - this.checkedAt < this.checkEveryMs) return this.latest;
    this.checkedAt = now;
    const read = this.store.get<RevisionDoc>(REVISIONS, this.name).then((doc) => doc?.value.revision ?? 0);
    this.latest = read;
    read.then(
      (revision) => {
        if (this.latest === read) this.settled = { read, revision };
      },
      () => {
        if (this.latest === read) [this.latest, this.checkedAt] = [undefined, Number.NEGATIVE_INFINITY];
      },
    );
    return read;
  }

  /**
   * The revision `revision()` would give now, when it would give it without reading (the last read
   * has landed and is less than `checkEveryMs` old); else undefined, and `revision()` must be asked.
   */
  revisionNow(): number | undefined {
    const settled = this.settled;
    if (!settled || settled.read !== this.latest || this.clock.now() - this.checkedAt >= this.checkEveryMs) return undefined;
    return settled.revision;
  }

  /** Records a change (after it committed); this instance sees it on its next `revision()`. */
  async bump(): Promise<void> {
    await transact(this.store, async (tx) => {
      const doc = await tx.get<RevisionDoc>(REVISIONS, this.name);
      tx.put<RevisionDoc>(REVISIONS, this.name, { revision: (doc?.value.revision ?? 0) + 1 });
    });
    [this.latest, this.checkedAt] = [undefined, Number.NEGATIVE_INFINITY];
  }
}
