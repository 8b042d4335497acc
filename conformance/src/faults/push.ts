import type { PublishOutcome, Push, PushConnection, PushEvent } from '@kumo/core';
import { InjectedFault, type FaultSchedule } from './schedule';

/** Options of a `FaultyPush`. */
export interface FaultyPushOptions {
  /**
   * Really drops the push backend's link to its broker (e.g. `TcpLink.interrupt`), which then
   * reconnects by itself. Without it a `brokerDisconnect` fault only fails the publish.
   */
  disconnect?: () => Promise<void>;
}

/**
 * A Push that injects faults around a real one, by `schedule`: `latency` before any call;
 * `brokerDisconnect` drops the broker link (through `options.disconnect`) during a publish, which
 * then fails with `InjectedFault` and delivers nothing, as a publish on a dead connection does.
 */
export class FaultyPush implements Push {
  /** The wrapped push's capabilities. */
  get capabilities() {
    return this.push.capabilities;
  }

  /** How a game client connects: the wrapped push's answer, if it has one. */
  readonly connection?: (userId: string) => Promise<PushConnection>;

  constructor(
    private readonly push: Push,
    private readonly schedule: FaultSchedule,
    private readonly options: FaultyPushOptions = {},
  ) {
    if (push.connection) this.connection = (userId) => push.connection!(userId);
  }

  /** Publishes through the wrapped push, unless the broker link drops first. */
  async publish(userId: string, event: PushEvent): Promise<PublishOutcome> {
    await this.schedule.delay();
    if (this.schedule.roll('brokerDisconnect')) {
      await this.options.disconnect?.();
      throw new InjectedFault('brokerDisconnect', `the broker connection dropped while publishing to ${userId}`);
    }
    return this.push.publish(userId, event);
  }

  /** Presence from the wrapped push. */
  async isOnline(userId: string): Promise<boolean> {
    await this.schedule.delay();
    return this.push.isOnline(userId);
  }
}
