import { InterceptingStore, type MobilePush, type PublishOutcome, type Push, type PushConnection, type PushEvent, type StoreCall } from '@kumo/core';

/**
 * A Store that remembers every partition a commit wrote to, so checks can find documents no
 * client was told about (a gathering created by a commit whose answer was lost). Partitions are
 * noted before the commit is sent: some may hold nothing. Every method of the wrapped store is
 * offered (`interceptStore`); a session's commit is noted as well.
 */
export class PartitionRecorder extends InterceptingStore {
  private readonly written = new Set<string>();

  /** Notes the partitions of a commit's puts, then lets the call through. */
  protected intercept<R>(call: StoreCall, proceed: () => Promise<R>): Promise<R> {
    if (call.method === 'commit' || call.method === 'session.commit') {
      for (const operation of call.operations) if (operation.type === 'put') this.written.add(operation.partition);
    }
    return proceed();
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
