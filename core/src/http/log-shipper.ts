import type { LogSink } from '../ports/log-sink';

/** Settings of a `LogShipper`. */
export interface LogShipperOptions {
  /** Most records held while the sink is slow or down; further records are dropped and counted (default 10,000). */
  maxBuffered?: number;
  /** Tries per batch within one flush, the first included (default 3). */
  attempts?: number;
  /** Wait before the second try, doubled after each (default 100 ms). */
  retryDelayMs?: number;
  /** Told once per flush that dropped records, with how many so far (default: a line on stderr). */
  onDrop?: (dropped: number, sink: string) => void;
}

/** What a `LogShipper` has done so far. */
export interface LogShipperStats {
  buffered: number;
  shipped: number;
  dropped: number;
  /** Batches (or parts of batches) that failed at least once. */
  failures: number;
}

/**
 * Ships records to a `LogSink` in batches without ever slowing or failing a request: `write`
 * only appends to a bounded buffer; `flush` sends the buffer in `maxBatch` batches, retrying what
 * the sink did not accept with doubling waits, and puts back what still failed for the next
 * flush. When the buffer is full, new records are dropped and counted (`stats().dropped`,
 * `onDrop`), never lost silently. Serverless entries await `flush()` before the function returns
 * (it may freeze right after the response); long-running servers call `start(intervalMs)`.
 */
export class LogShipper {
  private buffer: object[] = [];
  private readonly stats_: LogShipperStats = { buffered: 0, shipped: 0, dropped: 0, failures: 0 };
  private reportedDrops = 0;
  private flushing: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private readonly maxBuffered: number;
  private readonly attempts: number;
  private readonly retryDelayMs: number;
  private readonly onDrop: (dropped: number, sink: string) => void;

  constructor(
    private readonly sink: LogSink,
    options: LogShipperOptions = {},
  ) {
    this.maxBuffered = options.maxBuffered ?? 10_000;
    this.attempts = Math.max(1, options.attempts ?? 3);
    this.retryDelayMs = options.retryDelayMs ?? 100;
    this.onDrop = options.onDrop ?? ((dropped, sink) => console.error(`log shipping to ${sink}: ${dropped} records dropped so far (buffer full)`));
  }

  /** Buffers one record (an `AccessLogSink`); drops and counts it when the buffer is full. */
  readonly write = (record: object): void => {
    if (this.buffer.length >= this.maxBuffered) {
      this.stats_.dropped += 1;
      return;
    }
    this.buffer.push(record);
  };

  /** Ships everything buffered now; resolves when done or when the sink keeps failing (the rest stays buffered). Never throws. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.shipBuffered());
    return this.flushing;
  }

  /** Flushes every `intervalMs` until `close` (the timer does not keep the process alive). */
  start(intervalMs = 1000): void {
    this.timer ??= setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and ships what is left. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** Counts so far. */
  stats(): LogShipperStats {
    return { ...this.stats_, buffered: this.buffer.length };
  }

  private async shipBuffered(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.sink.maxBatch);
      const rest = await this.shipWithRetries(batch);
      this.stats_.shipped += batch.length - rest.length;
      if (rest.length > 0) {
        const room = Math.max(0, this.maxBuffered - this.buffer.length);
        this.stats_.dropped += Math.max(0, rest.length - room);
        this.buffer.unshift(...rest.slice(0, room));
        break;
      }
    }
    if (this.stats_.dropped > this.reportedDrops) {
      this.reportedDrops = this.stats_.dropped;
      this.onDrop(this.stats_.dropped, this.sink.name);
    }
  }

  private async shipWithRetries(batch: readonly object[]): Promise<readonly object[]> {
    let rest = batch;
    for (let attempt = 0; attempt < this.attempts && rest.length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs * 2 ** (attempt - 1)));
      try {
        rest = await this.sink.ship(rest);
      } catch {
        // The whole batch failed: tried again below, then kept for the next flush.
      }
      if (rest.length > 0) this.stats_.failures += 1;
    }
    return rest;
  }
}
