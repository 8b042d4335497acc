import type { Container } from 'inversify';
import type { Clock, MobilePush, PushEvent } from '@kumo/core';

/** Records mobile pushes so scenarios can see the offline fallback land. */
export class RecordingMobilePush implements MobilePush {
  readonly sent: Array<{ userId: string; event: PushEvent }> = [];

  /** Records the notification. */
  async send(userId: string, event: PushEvent): Promise<void> {
    this.sent.push({ userId, event });
  }
}

/** The real time plus an offset that scenarios move forward (stamina regeneration, expiries). */
export class OffsetClock implements Clock {
  private offset = 0;

  /** Real time plus the offset. */
  now(): number {
    return Date.now() + this.offset;
  }

  /** Moves the clock forward. */
  advance(ms: number): void {
    this.offset += ms;
  }
}

/** What a service scenario gets: the wired container (ready once the suite's beforeAll ran). */
export interface ServiceContext {
  container(): Container;
  /** A second instance of the backend: its own services and caches, over the same adapter ports and clock. */
  instance(): Container;
  mobile: RecordingMobilePush;
  /** The services' clock; only ever moves forward, so scenarios may share it. */
  clock: OffsetClock;
}

/** A group of `it(...)` cases for one service, registered inside `describeServices`. */
export type ServiceScenarios = (context: ServiceContext) => void;
