import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Every fault the wrappers can inject, by the port they sit on. */
export const FAULT_KINDS = [
  /** Store: the batch is applied, then the call fails as if its response was lost (`CommitUnknown`). */
  'ambiguousCommit',
  /** Store: the call fails the same way before the batch reaches the backend (nothing applied). */
  'refusedCommit',
  /**
   * Store: the call fails the same way, and the batch reaches the store late: it is applied (if
   * its conditions still hold) just before the next call through the wrapper.
   */
  'lateCommit',
  /** Store: a read or a commit is refused with `Throttled` before it reaches the backend. */
  'throttle',
  /** Every port: a call waits up to `maxLatencyMs` before it runs. */
  'latency',
  /** Queue: a received message is handed out once more on a later receive. */
  'duplicateDelivery',
  /** Queue: the consumer dies at `ack`: the message is not acked (nor retried) and comes back after its visibility timeout. */
  'crashBeforeAck',
  /** Push: the link to the broker drops during a publish (which fails) and comes back. */
  'brokerDisconnect',
] as const;

/** One kind of injected fault. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Options of a `FaultSchedule`. */
export interface FaultScheduleOptions {
  /** Seed of the pseudo-random sequence: the same seed and call order inject the same faults. */
  seed: number;
  /** Probability (0..1) that a call the fault applies to gets it; kinds left out never fire. */
  rates?: Partial<Record<FaultKind, number>>;
  /** Most injections of a kind (e.g. `{ ambiguousCommit: 1 }`: only the first commit is ambiguous). */
  limits?: Partial<Record<FaultKind, number>>;
  /** Longest injected latency in ms (uniform in 0..max). Default 20. */
  maxLatencyMs?: number;
}

/**
 * Decides, call by call, which fault the wrappers (`FaultyStore`, `FaultyQueue`, `FaultyPush`)
 * inject, from a seeded pseudo-random sequence and a rate per kind, and counts what it injected.
 * Several wrappers may share one schedule. Concurrent callers draw in the order their calls
 * arrive, so a run is reproducible to the extent its call order is.
 */
export class FaultSchedule {
  /** Faults injected so far, by kind. */
  readonly counts: Record<FaultKind, number> = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  private readonly random;
  private readonly rates: Partial<Record<FaultKind, number>>;
  private readonly limits: Partial<Record<FaultKind, number>>;
  private readonly maxLatencyMs: number;
  private paused = false;

  constructor(options: FaultScheduleOptions) {
    this.random = xoroshiro128plus(options.seed);
    this.rates = options.rates ?? {};
    this.limits = options.limits ?? {};
    this.maxLatencyMs = options.maxLatencyMs ?? 20;
  }

  /** Whether the fault fires for this call; a fault that fires is counted. */
  roll(kind: FaultKind): boolean {
    const rate = this.rates[kind] ?? 0;
    if (this.paused || rate <= 0 || this.counts[kind] >= (this.limits[kind] ?? Infinity)) return false;
    if (uniformFloat64(this.random) >= rate) return false;
    this.counts[kind]++;
    return true;
  }

  /** Waits an injected latency if the `latency` fault fires for this call. */
  async delay(): Promise<void> {
    if (!this.roll('latency')) return;
    await new Promise((resolve) => setTimeout(resolve, uniformFloat64(this.random) * this.maxLatencyMs));
  }

  /** Stops injecting (e.g. while invariants are checked after a run). */
  pause(): void {
    this.paused = true;
  }

  /** Injects again after `pause`. */
  resume(): void {
    this.paused = false;
  }

  /** Faults injected so far, all kinds together. */
  get total(): number {
    return FAULT_KINDS.reduce((sum, kind) => sum + this.counts[kind], 0);
  }

  /** The counts as one line, e.g. `ambiguousCommit=3 throttle=5` (kinds never injected left out). */
  summary(): string {
    return FAULT_KINDS.filter((kind) => this.counts[kind] > 0)
      .map((kind) => `${kind}=${this.counts[kind]}`)
      .join(' ');
  }
}

/** An injected failure that is not a port error: a consumer crash or a dropped broker link. */
export class InjectedFault extends Error {
  /** A network-like error code, as Node.js sockets report. */
  readonly code = 'ECONNRESET';

  constructor(
    readonly kind: FaultKind,
    message: string,
  ) {
    super(`${message} (injected ${kind})`);
    this.name = 'InjectedFault';
  }
}
