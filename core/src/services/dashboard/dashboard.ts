import type { DeadLetters } from '../../jobs/dead-letters';
import type { JobRunner } from '../../jobs/job-runner';
import type { Clock } from '../../ports/clock';
import type { Queue } from '../../ports/queue';
import type { RouteStats, RouteStatsSnapshot } from '../../http/route-stats';
import type { HotKey, HotKeyTracker } from '../../store/hot-keys';

/** One job queue's backlog. */
export interface QueueFigures {
  name: string;
  /** Messages the queue holds; null when the backend cannot count them (`Queue.depth`). */
  depth: number | null;
  /** Dead letters waiting for a replay (counted up to 1000). */
  deadLetters: number;
}

/** What the operations dashboard shows: live RED figures per route, the busiest documents and the job backlog. */
export interface DashboardView extends RouteStatsSnapshot {
  /** When it was read (ms). */
  at: number;
  /** The busiest documents since the process started, with their share of every document access. */
  hotKeys: { accesses: number; top: HotKey[] };
  queues: QueueFigures[];
}

/**
 * Reads the live figures of this process for the console's dashboard: per-route rate, errors
 * and p50/p99 from `RouteStats`, the hot keys from the store's tracker, and each job queue's
 * depth and dead letters from the backend.
 */
export class Dashboard {
  constructor(
    private readonly stats: RouteStats,
    private readonly hotKeys: HotKeyTracker,
    private readonly jobs: JobRunner,
    private readonly queue: Queue,
    private readonly deadLetters: DeadLetters,
    private readonly clock: Clock,
  ) {}

  /** The figures of the last `windowSeconds` and the `hotKeyLimit` busiest documents. */
  async read(windowSeconds: number, hotKeyLimit: number): Promise<DashboardView> {
    const queues = await Promise.all(
      this.jobs.queues().map(async (name) => ({
        name,
        depth: this.queue.depth ? await this.queue.depth(name) : null,
        deadLetters: await this.deadLetters.count(name),
      })),
    );
    return {
      at: this.clock.now(),
      ...this.stats.snapshot(windowSeconds),
      hotKeys: { accesses: this.hotKeys.total(), top: this.hotKeys.top(hotKeyLimit) },
      queues,
    };
  }
}
