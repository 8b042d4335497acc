import { EventInbox, type PushHarness } from '@kumo/conformance';
import type { Push } from '@kumo/core';
import { connectAsUser } from '../client';

/**
 * A `describePush` harness for any push that follows this package's topic layout: `push` is the
 * server side under test, clients connect to the broker at `url` with `connectAsUser`.
 */
export function mqttPushHarness(url: string, push: Push, close?: () => Promise<void>): PushHarness {
  return {
    push,
    async connect(userId) {
      const inbox = new EventInbox();
      const connection = await connectAsUser({ url, userId, onEvent: (event) => inbox.deliver(event) });
      return { next: (timeoutMs) => inbox.next(timeoutMs), close: () => connection.close() };
    },
    close,
  };
}
