import type { Store } from '@kumo/core';
import { Checkpoint, type MigrationState, type SegmentState } from './checkpoint';
import { assertListable, listEveryPartition, movable, segmentsFor } from './listing';
import { enterMaintenance, untilEveryInstanceSaw } from './maintenance';
import { PacedCalls, type Pacing } from './paced-store';
import { copyPartition, syncPartition, type CopyContext } from './partition-copy';
import { forEachLimited } from './pool';

/** What `migrate` is asked to do. */
export interface MigrateOptions extends Pacing {
  source: Store;
  target: Store;
  /** Labels of the two backends (addresses without secrets): the checkpoint belongs to this pair. */
  from: string;
  to: string;
  /** The checkpoint file. */
  checkpointPath: string;
  /** Only compare the two stores, write nothing (no checkpoint either). */
  verifyOnly?: boolean;
  /** Listing segments read in parallel (capped by the source's declaration). Default 4. */
  segments?: number;
  /** Partitions copied at once per segment. Default 8. */
  concurrency?: number;
  /** Most catch-up passes after the bulk copy; the migration verifies when a pass finds nothing to change. Default 3. */
  maxPasses?: number;
  /**
   * After the live catch-up passes, put the source into maintenance mode (writes answer 503 with
   * `Retry-After` on every instance within `MAINTENANCE_CHECK_MS`; reads keep working), wait for
   * every instance to see it, then run the last passes until verified.
   */
  cutover?: { retryAfterSeconds?: number };
  /** Documents per page read. Default 500. */
  pageSize?: number;
  /** Documents per commit on the target (see `CopyContext.writeBatch`). */
  writeBatch?: number;
  /** Told about progress. */
  onProgress?: (event: ProgressEvent) => void;
  /** Told about a checkpoint that could not be used. */
  onNotice?: (message: string) => void;
}

/** Progress of a migration, for a display. */
export type ProgressEvent =
  | { phase: 'copy'; partitions: number; documents: number }
  | { phase: 'sync'; pass: number; partitions: number; of: number; differing: number; documents: number };

/** One catch-up or verification pass. */
export interface PassReport {
  pass: number;
  partitions: number;
  /** Partitions whose checksums differed when the pass compared them. */
  differing: number;
  written: number;
  deleted: number;
  ms: number;
}

/** The end of a migration (`--json` prints it). */
export interface MigrationReport {
  from: string;
  to: string;
  mode: 'migrate' | 'verify-only';
  /** Whether the run picked up a checkpoint. */
  resumed: boolean;
  verified: boolean;
  copy: { partitions: number; documents: number; ms: number; documentsPerSecond: number };
  passes: PassReport[];
  /** Time of the last pass, the one that compared everything: the cost of verification. */
  verifyMs: number;
  /** Partitions still differing after the last pass (at most 100 named). */
  differingPartitions: string[];
  throttled: number;
  /** With `cutover`: when the source went into maintenance, and the backend to switch the game to. */
  cutover?: { maintenanceSince: string; switchTo: string };
  ms: number;
}

/**
 * Moves every document from `source` to `target` through the Store port, resumably:
 * 1. bulk copy, listing segment by segment and partition by partition, a checkpoint after every page;
 * 2. catch-up passes: every partition of either store compared by checksum, differing ones made
 *    equal (changed documents written again, deleted ones removed), until a pass finds nothing to
 *    change (verified) or `maxPasses` ran.
 * The checkpoint is removed when the migration verifies. With `verifyOnly`, one comparing pass.
 */
export async function migrate(options: MigrateOptions): Promise<MigrationReport> {
  const started = Date.now();
  assertListable(options.source, options.from);
  assertListable(options.target, options.to);
  let throttled = 0;
  const calls = new PacedCalls({ ...options, onThrottled: () => throttled++ });
  const context: CopyContext = { source: options.source, target: options.target, calls, pageSize: options.pageSize, writeBatch: options.writeBatch };
  const report: MigrationReport = {
    from: options.from,
    to: options.to,
    mode: options.verifyOnly ? 'verify-only' : 'migrate',
    resumed: false,
    verified: false,
    copy: { partitions: 0, documents: 0, ms: 0, documentsPerSecond: 0 },
    passes: [],
    verifyMs: 0,
    differingPartitions: [],
    throttled: 0,
    ms: 0,
  };
  if (options.verifyOnly) {
    const pass = await syncPass(context, options, 1, true);
    report.verified = pass.differing.length === 0;
    report.differingPartitions = pass.differing.slice(0, 100);
    report.passes.push(pass.report);
    report.verifyMs = pass.report.ms;
  } else {
    const saved = await Checkpoint.load(options.checkpointPath, options.from, options.to, (reason) => options.onNotice?.(`starting over: the checkpoint ${options.checkpointPath} cannot be used, ${reason}`));
    report.resumed = saved !== undefined;
    const segments = segmentsFor(options.source, options.segments ?? 4);
    const state: MigrationState = saved ?? { from: options.from, to: options.to, phase: 'copy', segments: Array.from({ length: segments }, () => ({ page: [], done: [], active: {} })), copied: { documents: 0, partitions: 0 }, startedAt: started };
    const checkpoint = new Checkpoint(options.checkpointPath, state);
    if (state.phase === 'copy') {
      const copyStarted = Date.now();
      await Promise.all(state.segments.map((segment, index) => copySegment(context, options, checkpoint, segment, index)));
      state.phase = 'sync';
      await checkpoint.save();
      report.copy.ms = Date.now() - copyStarted;
    }
    report.copy.partitions = state.copied.partitions;
    report.copy.documents = state.copied.documents;
    report.copy.documentsPerSecond = report.copy.ms > 0 ? Math.round((state.copied.documents * 1000) / report.copy.ms) : 0;
    await catchUp(context, options, report);
    if (options.cutover) {
      report.cutover = { maintenanceSince: new Date().toISOString(), switchTo: options.to };
      await enterMaintenance(options.source, { reason: 'moving to another backend', retryAfterSeconds: options.cutover.retryAfterSeconds ?? 60 });
      await untilEveryInstanceSaw();
      report.verified = false;
      await catchUp(context, options, report);
    }
    if (report.verified) await checkpoint.remove();
  }
  report.throttled = throttled;
  report.ms = Date.now() - started;
  return report;
}

/** Catch-up passes until one finds nothing to change or `maxPasses` ran; the last one's result is the report's. */
async function catchUp(context: CopyContext, options: MigrateOptions, report: MigrationReport): Promise<void> {
  for (let number = 1; number <= (options.maxPasses ?? 3) && !report.verified; number++) {
    const pass = await syncPass(context, options, report.passes.length + 1, false);
    report.passes.push(pass.report);
    report.verifyMs = pass.report.ms;
    report.verified = pass.differing.length === 0;
    report.differingPartitions = pass.differing.slice(0, 100);
  }
}

/** Copies one listing segment, page of partitions by page, saving the checkpoint after every page of documents. */
async function copySegment(context: CopyContext, options: MigrateOptions, checkpoint: Checkpoint, segment: SegmentState, index: number): Promise<void> {
  const { state } = checkpoint;
  for (;;) {
    if (segment.done.length === segment.page.length) {
      if (segment.next === null) return;
      const page = await context.calls.listPartitions(context.source, index, state.segments.length, segment.next);
      Object.assign(segment, { page: movable(page.partitions), done: [], active: {}, next: page.cursor ?? null });
      await checkpoint.save();
      continue;
    }
    const pending = segment.page.filter((partition) => !segment.done.includes(partition));
    await forEachLimited(pending, options.concurrency ?? 8, async (partition) => {
      let counted = 0;
      await copyPartition(context, partition, segment.active[partition], async (next, outcome) => {
        state.copied.documents += outcome.read - counted;
        counted = outcome.read;
        if (next === undefined) {
          delete segment.active[partition];
          segment.done.push(partition);
          state.copied.partitions++;
        } else segment.active[partition] = next;
        await checkpoint.save();
        options.onProgress?.({ phase: 'copy', partitions: state.copied.partitions, documents: state.copied.documents });
      });
    });
  }
}

/** One catch-up pass (or, with `dryRun`, a verification only) over every partition of either store. */
async function syncPass(context: CopyContext, options: MigrateOptions, pass: number, dryRun: boolean): Promise<{ report: PassReport; differing: string[] }> {
  const started = Date.now();
  const [fromSource, fromTarget] = await Promise.all([
    listEveryPartition(context.calls, context.source, segmentsFor(context.source, options.segments ?? 4)),
    listEveryPartition(context.calls, context.target, segmentsFor(context.target, options.segments ?? 4)),
  ]);
  const partitions = [...new Set([...fromSource, ...fromTarget])];
  const differing: string[] = [];
  const report: PassReport = { pass, partitions: partitions.length, differing: 0, written: 0, deleted: 0, ms: 0 };
  let compared = 0;
  let documents = 0;
  await forEachLimited(partitions, (options.concurrency ?? 8) * segmentsFor(context.source, options.segments ?? 4), async (partition) => {
    const outcome = await syncPartition(context, partition, dryRun);
    compared++;
    documents += outcome.source.documents;
    if (outcome.differs) differing.push(partition);
    report.written += outcome.written;
    report.deleted += outcome.deleted;
    options.onProgress?.({ phase: 'sync', pass, partitions: compared, of: partitions.length, differing: differing.length, documents });
  });
  report.differing = differing.length;
  report.ms = Date.now() - started;
  return { report, differing: differing.sort() };
}
