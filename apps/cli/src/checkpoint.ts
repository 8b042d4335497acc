import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';

/** Where one listing segment of the bulk copy stands. */
export interface SegmentState {
  /** Cursor of the segment's next listing page; `null` once the listing is exhausted, absent before the first page. */
  next?: string | null;
  /** The partitions of the current listing page. */
  page: string[];
  /** Those of `page` copied to the end. */
  done: string[];
  /** Those of `page` copied part way: the source cursor to resume after. */
  active: Record<string, string>;
}

/** What a migration has done so far, saved after every page. */
export interface MigrationState {
  from: string;
  to: string;
  /** `copy`: the bulk copy runs; `sync`: it finished and the catch-up and verification passes run. */
  phase: 'copy' | 'sync';
  segments: SegmentState[];
  copied: { documents: number; partitions: number };
  startedAt: number;
}

/** The file's envelope: a format number and a digest of the state, so a damaged file is recognised. */
interface Envelope {
  format: typeof FORMAT;
  digest: string;
  state: MigrationState;
}

const FORMAT = 'kumo-migrate-checkpoint/1';

const digestOf = (state: MigrationState) => createHash('sha256').update(JSON.stringify(state)).digest('hex');

/**
 * A migration's durable checkpoint: one JSON file written atomically (temporary file, fsync,
 * rename, by write-file-atomic) after every page, so a kill at any instant leaves the previous or
 * the next state whole. Saves are serialised; a save waits for a write that includes its change.
 */
export class Checkpoint {
  private writing: Promise<void> = Promise.resolve();
  private queued?: Promise<void>;

  constructor(
    readonly path: string,
    readonly state: MigrationState,
  ) {}

  /**
   * The saved state for this source and target, or `undefined` when there is none, it is damaged
   * (`onDiscard` is told why: the migration starts over) or it belongs to another pair.
   */
  static async load(path: string, from: string, to: string, onDiscard: (reason: string) => void): Promise<MigrationState | undefined> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const envelope = JSON.parse(text) as Envelope;
      if (envelope.format !== FORMAT || envelope.digest !== digestOf(envelope.state)) throw new Error('unknown format or damaged content');
      if (envelope.state.from !== from || envelope.state.to !== to) {
        onDiscard(`it is for ${envelope.state.from} → ${envelope.state.to}`);
        return undefined;
      }
      return envelope.state;
    } catch (error) {
      onDiscard(`it is corrupt (${(error as Error).message})`);
      return undefined;
    }
  }

  /** Writes the current state; resolves once a write that began after this call has landed. */
  save(): Promise<void> {
    this.queued ??= this.writing.then(() => {
      this.queued = undefined;
      const envelope: Envelope = { format: FORMAT, digest: digestOf(this.state), state: this.state };
      return writeFileAtomic(this.path, JSON.stringify(envelope), { fsync: true });
    });
    this.writing = this.queued;
    return this.queued;
  }

  /** Removes the file (the migration succeeded). */
  async remove(): Promise<void> {
    await this.writing.catch(() => undefined);
    await rm(this.path, { force: true });
  }
}
