import type { Container } from 'inversify';
import type { MobilePush, PushEvent } from '@kumo/core';

/** Records mobile pushes so scenarios can see the offline fallback land. */
export class RecordingMobilePush implements MobilePush {
  readonly sent: Array<{ userId: string; event: PushEvent }> = [];

  /** Records the notification. */
  async send(userId: string, event: PushEvent): Promise<void> {
    this.sent.push({ userId, event });
  }
}

/** What a service scenario gets: the wired container (ready once the suite's beforeAll ran). */
export interface ServiceContext {
  container(): Container;
  mobile: RecordingMobilePush;
}

/** A group of `it(...)` cases for one service, registered inside `describeServices`. */
export type ServiceScenarios = (context: ServiceContext) => void;
