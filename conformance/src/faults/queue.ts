import type { Message, Queue, ReceiveOptions, SendOptions } from '@kumo/core';
import { InjectedFault, type FaultSchedule } from './schedule';

/**
 * A Queue that injects faults around a real one, by `schedule`: `latency` before any call;
 * `duplicateDelivery` hands a received message out once more on a later `receive` of the same
 * queue (same id, body, attempts and receipt, as an at-least-once backend may); `crashBeforeAck`
 * makes `ack` throw `InjectedFault` without acking, and ignores a later `retry` of that delivery
 * (a dead consumer makes no more calls), so the message comes back after its visibility timeout.
 */
export class FaultyQueue implements Queue {
  private readonly duplicates = new Map<string, Message[]>();
  private readonly crashed = new Set<string>();

  constructor(
    private readonly queue: Queue,
    private readonly schedule: FaultSchedule,
  ) {}

  /** The wrapped queue's capabilities. */
  get capabilities() {
    return this.queue.capabilities;
  }

  /** Sends through the wrapped queue. */
  async send(queue: string, body: unknown, options?: SendOptions): Promise<void> {
    await this.schedule.delay();
    await this.queue.send(queue, body, options);
  }

  /** Receives through the wrapped queue, with the duplicates held back earlier handed out first. */
  async receive(queue: string, options?: ReceiveOptions): Promise<Message[]> {
    await this.schedule.delay();
    const again = this.duplicates.get(queue) ?? [];
    this.duplicates.delete(queue);
    const received = await this.queue.receive(queue, again.length > 0 ? { ...options, waitSeconds: 0 } : options);
    for (const message of received) {
      if (!this.schedule.roll('duplicateDelivery')) continue;
      const held = this.duplicates.get(queue) ?? [];
      held.push(structuredClone(message));
      this.duplicates.set(queue, held);
    }
    return [...again, ...received];
  }

  /** Acks through the wrapped queue, unless the consumer crashes first. */
  async ack(queue: string, message: Message): Promise<void> {
    await this.schedule.delay();
    if (this.schedule.roll('crashBeforeAck')) {
      this.crashed.add(message.receipt);
      throw new InjectedFault('crashBeforeAck', `the consumer died before acking message ${message.id}`);
    }
    await this.queue.ack(queue, message);
  }

  /** Returns the message through the wrapped queue; nothing for a delivery whose consumer crashed. */
  async retry(queue: string, message: Message, delaySeconds: number): Promise<void> {
    if (this.crashed.delete(message.receipt)) return;
    await this.schedule.delay();
    await this.queue.retry(queue, message, delaySeconds);
  }
}
