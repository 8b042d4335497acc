import { InterceptingQueue, type Message, type Queue, type QueueCall, type ReceiveOptions } from '@kumo/core';
import { InjectedFault, type FaultSchedule } from './schedule';

/**
 * A Queue that injects faults around a real one, by `schedule`: `latency` before any call;
 * `duplicateDelivery` hands a received message out once more on a later `receive` of the same
 * queue (same id, body, attempts and receipt, as an at-least-once backend may); `crashBeforeAck`
 * makes `ack` throw `InjectedFault` without acking, and ignores a later `retry` of that delivery
 * (a dead consumer makes no more calls), so the message comes back after its visibility timeout.
 * Every method the wrapped queue offers is offered (`interceptQueue`): `depth` after injected
 * latency, `onSent` as it is.
 */
export class FaultyQueue extends InterceptingQueue {
  private readonly duplicates = new Map<string, Message[]>();
  private readonly crashed = new Set<string>();

  constructor(
    private readonly queue: Queue,
    private readonly schedule: FaultSchedule,
  ) {
    super(queue);
  }

  /** Injects the schedule's faults around one call. */
  protected async intercept<R>(call: QueueCall, proceed: () => Promise<R>): Promise<R> {
    switch (call.method) {
      case 'receive':
        return (await this.receiveWithDuplicates(call.queue, call.options)) as R;
      case 'ack':
        await this.schedule.delay();
        if (this.schedule.roll('crashBeforeAck')) {
          this.crashed.add(call.message.receipt);
          throw new InjectedFault('crashBeforeAck', `the consumer died before acking message ${call.message.id}`);
        }
        return proceed();
      case 'retry':
        if (this.crashed.delete(call.message.receipt)) return undefined as R;
        await this.schedule.delay();
        return proceed();
      default:
        await this.schedule.delay();
        return proceed();
    }
  }

  /** Receives through the wrapped queue, with the duplicates held back earlier handed out first. */
  private async receiveWithDuplicates(queue: string, options?: ReceiveOptions): Promise<Message[]> {
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
}
