import type { Doc, DocValue, MobilePush, Operation, Page, PublishOutcome, Push, PushConnection, PushEvent, QueryOptions, Store } from '@kumo/core';

/**
 * A Store that remembers every partition a commit wrote to, so checks can find documents no
 * client was told about (a gathering created by a commit whose answer was lost). Partitions are
 * noted before the commit is sent: some may hold nothing.
 */
export class PartitionRecorder implements Store {
  private readonly written = new Set<string>();

  constructor(private readonly store: Store) {}

  /** The wrapped store's capabilities. */
  get capabilities() {
    return this.store.capabilities;
  }

  /** Reads through the wrapped store. */
  get<T extends DocValue>(partition: string, key: string): Promise<Doc<T> | undefined> {
    return this.store.get<T>(partition, key);
  }

  /** Queries through the wrapped store. */
  query<T extends DocValue>(partition: string, options?: QueryOptions): Promise<Page<T>> {
    return this.store.query<T>(partition, options);
  }

  /** Notes the partitions of the batch's puts, then commits through the wrapped store. */
  commit(operations: readonly Operation[]): Promise<void> {
    for (const operation of operations) if (operation.type === 'put') this.written.add(operation.partition);
    return this.store.commit(operations);
  }

  /** Partitions written to whose name starts with `prefix`. */
  partitions(prefix: string): string[] {
    return [...this.written].filter((partition) => partition.startsWith(prefix));
  }
}

/**
 * Every event that reached a player, live (a publish that answered `delivered`) or by mobile push,
 * counted by player, event type and subject id (`data.id`, else `data.gatheringId`).
 */
export class DeliveryLog {
  private readonly counts = new Map<string, number>();

  /** Times the event about `subject` reached `userId` (0 if never). */
  count(userId: string, type: string, subject: string): number {
    return this.counts.get(deliveryKey(userId, type, subject)) ?? 0;
  }

  /** Deliveries beyond the first, all events together (redeliveries that clients drop by id). */
  get duplicates(): number {
    let extra = 0;
    for (const count of this.counts.values()) extra += count - 1;
    return extra;
  }

  /** Counts one delivery. */
  record(userId: string, event: PushEvent): void {
    const subject = String(event.data.id ?? event.data.gatheringId ?? '');
    const key = deliveryKey(userId, event.type, subject);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** A Push around `push` that counts what it delivers live. */
  push(push: Push): Push {
    return {
      capabilities: push.capabilities,
      publish: async (userId: string, event: PushEvent): Promise<PublishOutcome> => {
        const outcome = await push.publish(userId, event);
        if (outcome === 'delivered') this.record(userId, event);
        return outcome;
      },
      isOnline: (userId) => push.isOnline(userId),
      ...(push.connection ? { connection: (userId: string): Promise<PushConnection> => push.connection!(userId) } : {}),
    };
  }

  /** A MobilePush that counts what it is handed (the soak's players have no real devices). */
  mobilePush(): MobilePush {
    return { send: async (userId, event) => this.record(userId, event) };
  }
}

const deliveryKey = (userId: string, type: string, subject: string) => `${userId}\u0000${type}\u0000${subject}`;
