import type { Alert, AlertChannel } from '../ports/alerts';
import { systemClock, type Clock } from '../ports/clock';
import type { AccessLogEntry } from './access-log';

/** Settings of `ErrorAlerts`. */
export interface ErrorAlertOptions {
  /** Least time between two alerts; errors in between are grouped into the next (default 5 min). */
  minIntervalMs?: number;
  /** Request ids kept as samples per alert (default 5). */
  maxSamples?: number;
  clock?: Clock;
}

/** The errors seen since the last alert. */
interface Burst {
  from: number;
  to: number;
  count: number;
  groups: Map<string, number>;
  samples: string[];
}

/**
 * Turns server errors into few, grouped operator alerts: `observe` (an `AccessLogSink`) counts
 * each 5xx answer by action (or method and path) and status, keeping a few request ids;
 * `flush` sends one alert for everything counted since the last one, at most once per
 * `minIntervalMs` (errors in between wait for the next). A channel that fails keeps the burst for
 * the next flush; alerting never fails a request. Flushed with the access log.
 */
export class ErrorAlerts {
  private burst?: Burst;
  private lastSent = Number.NEGATIVE_INFINITY;
  private sending: Promise<void> = Promise.resolve();
  private readonly minIntervalMs: number;
  private readonly maxSamples: number;
  private readonly clock: Clock;

  constructor(
    private readonly channel: AlertChannel,
    options: ErrorAlertOptions = {},
  ) {
    this.minIntervalMs = options.minIntervalMs ?? 300_000;
    this.maxSamples = options.maxSamples ?? 5;
    this.clock = options.clock ?? systemClock;
  }

  /** Counts the record if its answer was a server error. */
  readonly observe = (entry: AccessLogEntry): void => {
    if (entry.response.status < 500) return;
    const now = this.clock.now();
    const burst: Burst = (this.burst ??= { from: now, to: now, count: 0, groups: new Map<string, number>(), samples: [] as string[] });
    const group = `${entry.request.action ?? `${entry.request.method} ${entry.request.path}`} → ${entry.response.status}`;
    burst.to = now;
    burst.count += 1;
    burst.groups.set(group, (burst.groups.get(group) ?? 0) + 1);
    if (burst.samples.length < this.maxSamples) burst.samples.push(entry.requestId);
  };

  /** Sends the grouped alert if errors were counted and the last alert is old enough. Never throws. */
  flush(): Promise<void> {
    this.sending = this.sending.then(() => this.sendDue());
    return this.sending;
  }

  private async sendDue(): Promise<void> {
    const burst = this.burst;
    const now = this.clock.now();
    if (!burst || now - this.lastSent < this.minIntervalMs) return;
    this.burst = undefined;
    try {
      await this.channel.send(toAlert(burst));
      this.lastSent = now;
    } catch (error) {
      this.burst = merge(burst, this.burst, this.maxSamples);
      console.error('error alert not delivered:', error instanceof Error ? error.message : String(error));
    }
  }
}

function toAlert(burst: Burst): Alert {
  const seconds = Math.max(1, Math.round((burst.to - burst.from) / 1000));
  return {
    kind: 'server_errors',
    title: `${burst.count} server error${burst.count === 1 ? '' : 's'} in ${seconds} s`,
    count: burst.count,
    groups: [...burst.groups].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count),
    samples: burst.samples,
    from: burst.from,
    to: burst.to,
  };
}

/** A burst that could not be sent, followed by the errors counted while it was being sent. */
function merge(older: Burst, newer: Burst | undefined, maxSamples: number): Burst {
  if (!newer) return older;
  for (const [group, count] of newer.groups) older.groups.set(group, (older.groups.get(group) ?? 0) + count);
  return { from: older.from, to: newer.to, count: older.count + newer.count, groups: older.groups, samples: [...older.samples, ...newer.samples].slice(0, maxSamples) };
}
